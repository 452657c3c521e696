import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class StageTrendQueryDto {
  @ApiPropertyOptional({
    example: 30,
    minimum: 1,
    maximum: 90,
    default: 30,
    description: 'Days up to today (UTC).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  days?: number;
}

export class StageOnDayDto {
  @ApiProperty({ example: 4, description: 'Leads that moved into the stage that day.' })
  entered!: number;

  @ApiProperty({ example: 1, description: 'Leads that moved out of the stage that day.' })
  left!: number;

  @ApiProperty({ example: 120, description: "Leads in the stage at the day's end (walked back from now)." })
  leads!: number;
}

export class StageTrendDayDto {
  @ApiProperty({ example: '2026-12-05', description: 'UTC date.' })
  date!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(StageOnDayDto) },
    example: { mql: { entered: 4, left: 1, leads: 120 }, sql: { entered: 1, left: 0, leads: 31 } },
    description: 'One entry per stage of `stages`.',
  })
  stages!: Record<string, StageOnDayDto>;
}

@ApiExtraModels(StageOnDayDto)
export class StageTrendDto {
  @ApiProperty({ example: 30 })
  days!: number;

  @ApiProperty({
    example: ['mql', 'sql', 'hot'],
    description: "The criteria's stages, lowest minimum score first.",
  })
  stages!: string[];

  @ApiProperty({
    type: [StageTrendDayDto],
    description: 'One entry per day, oldest first, today last.',
    example: [{ date: '2026-12-05', stages: { mql: { entered: 4, left: 1, leads: 120 } } }],
  })
  trend!: StageTrendDayDto[];
}
