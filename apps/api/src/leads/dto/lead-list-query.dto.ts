import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LEAD_ORDERING_FIELDS } from '@leadflow/persistence';
import { PaginationQueryDto } from '../../http/pagination';

export const LEAD_ORDERINGS = LEAD_ORDERING_FIELDS.flatMap((field) => [field, `-${field}`]);

export class LeadListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'new' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ example: 'mql', description: 'Leads currently in this stage.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  qualification_stage?: string;

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  owner_id?: number;

  @ApiPropertyOptional({ example: 40, minimum: 0, maximum: 100, description: 'Score at least this.' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score_min?: number;

  @ApiPropertyOptional({ example: 100, minimum: 0, maximum: 100, description: 'Score at most this.' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score_max?: number;

  @ApiPropertyOptional({
    example: 'acme',
    maxLength: 100,
    description: 'Case-insensitive text in first name, last name, email or company.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    enum: LEAD_ORDERINGS,
    example: '-score',
    default: '-created_at',
    description: 'Field to order by; a leading - orders descending.',
  })
  @IsOptional()
  @IsIn(LEAD_ORDERINGS)
  ordering?: string;
}
