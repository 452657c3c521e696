import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATEGORIES, type Category } from '@leadflow/domain';
import { SCORING_RULE_ORDER_FIELDS, type ScoringRuleOrderField } from '@leadflow/persistence';
import { PaginationQueryDto } from '../../http/pagination';
import { queryBoolean } from '../../http/query-boolean';

const ORDERINGS = SCORING_RULE_ORDER_FIELDS.flatMap((field) => [field, `-${field}`]);

export class ScoringRuleQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: CATEGORIES, example: 'firmographic' })
  @IsOptional()
  @IsIn(CATEGORIES)
  rule_type?: Category;

  @ApiPropertyOptional({ type: Boolean, example: true })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({ example: 'industry', description: 'Case-insensitive part of the rule name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({
    enum: ORDERINGS,
    example: '-priority',
    description: 'Field to order by; a leading "-" orders descending. Default: id.',
  })
  @IsOptional()
  @IsIn(ORDERINGS)
  ordering?: string;
}

export function orderingOf(ordering: string | undefined): {
  order_by: ScoringRuleOrderField;
  descending: boolean;
} {
  const value = ordering ?? 'id';
  const descending = value.startsWith('-');
  return { order_by: (descending ? value.slice(1) : value) as ScoringRuleOrderField, descending };
}
