import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { PaginationQueryDto } from '../../http/pagination';

export const MAX_BULK_LEAD_IDS = 10_000;

export class CalculateScoreDto {
  @ApiProperty({ example: 123 })
  @IsInt()
  @Min(1)
  lead_id!: number;
}

export class ScoreHistoryQueryDto extends PaginationQueryDto {
  @ApiProperty({ example: 123 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id!: number;
}

export class BulkCalculateDto {
  @ApiPropertyOptional({ type: [Number], example: [123, 124, 125], maxItems: MAX_BULK_LEAD_IDS })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_LEAD_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  lead_ids?: number[];

  @ApiPropertyOptional({ example: true, description: 'Recalculate every lead instead of `lead_ids`.' })
  @IsOptional()
  @IsBoolean()
  recalculate_all?: boolean;
}

export class ScoreBreakdownDto {
  @ApiProperty({ example: 15 })
  demographic!: number;

  @ApiProperty({ example: 20 })
  behavioral!: number;

  @ApiProperty({ example: 18 })
  firmographic!: number;

  @ApiProperty({ example: 15 })
  engagement!: number;
}

export class MatchedRuleDto {
  @ApiProperty({ example: '5', description: 'The scoring rule id.' })
  rule_id!: string;

  @ApiProperty({ example: 'High-value industry' })
  name!: string;

  @ApiProperty({ example: 'firmographic' })
  category!: string;

  @ApiProperty({ example: 15 })
  points!: number;
}

export class LeadScoreDto {
  @ApiProperty({ example: 456 })
  id!: number;

  @ApiProperty({ example: 123 })
  lead!: number;

  @ApiProperty({ example: 'John Doe' })
  lead_name!: string;

  @ApiProperty({ example: 68 })
  score!: number;

  @ApiProperty({ example: 45 })
  previous_score!: number;

  @ApiProperty({ example: 23 })
  score_change!: number;

  @ApiProperty({ type: ScoreBreakdownDto })
  score_breakdown!: ScoreBreakdownDto;

  @ApiProperty({ example: 'sql' })
  qualification_stage!: string;

  @ApiProperty({ example: '2025-11-12T10:30:00Z' })
  calculated_at!: string;

  @ApiProperty({ example: 3, description: 'The rule-set version this score was computed with.' })
  rule_set_version!: number;

  @ApiProperty({ type: [MatchedRuleDto] })
  matched_rules!: MatchedRuleDto[];
}

export class ScoreCalculationDto extends LeadScoreDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`rules`: every active rule, leaf by leaf; `criteria`: every active criterion, met or why not.',
  })
  explanation!: Record<string, unknown>;
}

export class ScoreDistributionDto {
  @ApiProperty({ example: 45, description: 'Leads whose latest score is in [0, 20).' })
  score_0_20!: number;

  @ApiProperty({ example: 120, description: '[20, 40)' })
  score_20_40!: number;

  @ApiProperty({ example: 85, description: '[40, 60)' })
  score_40_60!: number;

  @ApiProperty({ example: 42, description: '[60, 80)' })
  score_60_80!: number;

  @ApiProperty({ example: 18, description: '[80, 100]' })
  score_80_100!: number;

  @ApiProperty({ example: 47.5, description: 'Mean latest score, 2 decimals; 0 when no lead was scored.' })
  avg_score!: number;
}

export class BulkJobStatusDto {
  @ApiProperty({ example: '17' })
  job_id!: string;

  @ApiProperty({ example: 'active', enum: ['waiting', 'delayed', 'active', 'completed', 'failed', 'paused'] })
  state!: string;

  @ApiProperty({ example: 3 })
  total!: number;

  @ApiProperty({ example: 2 })
  processed!: number;

  @ApiProperty({ example: 0 })
  failed!: number;

  @ApiProperty({ type: String, nullable: true, example: '2025-11-12T10:30:00.000Z' })
  started_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  finished_at!: string | null;
}
