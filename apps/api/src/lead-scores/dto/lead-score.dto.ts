import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { MAX_SIMULATED_LEADS } from '@leadflow/scoring';
import { type Grade, GRADES } from '@leadflow/domain';
import { PaginationQueryDto } from '../../http/pagination';
import { GradeQuery } from '../../http/grade-query';

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

  @ApiProperty({
    type: String,
    enum: ['A', 'B', 'C', 'D', 'F'],
    nullable: true,
    example: 'B',
    description: 'The profile-fit grade of this calculation; null when the rule set gives no grades.',
  })
  grade!: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['behavioral capped at 30: 45 earned'],
    description: 'The caps that cut points in this calculation; absent when none did.',
  })
  capped?: string[];

  @ApiProperty({ example: '2025-11-12T10:30:00Z' })
  calculated_at!: string;

  @ApiProperty({ example: 3, description: 'The rule-set version this score was computed with.' })
  rule_set_version!: number;

  @ApiProperty({
    example: 14,
    description:
      "The version of the lead's inputs (fields, activities, enrichment) the score was computed from. Every " +
      'write of an input advances it; along a history it never goes down, so no score was made from older ' +
      'data than the one before it.',
  })
  inputs_version!: number;

  @ApiProperty({ type: [MatchedRuleDto] })
  matched_rules!: MatchedRuleDto[];
}

export class ScoreCalculationDto extends LeadScoreDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`rules`: every active rule, leaf by leaf; `criteria`: every active criterion, met or why not; ' +
      '`caps`: a line per cap that cut points; `grade`: fit points, the most reachable, percent and grade.',
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

export class CurrentScoresQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 123 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id?: number;

  @ApiPropertyOptional({ example: 'sql' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'qualification_stage must be a snake_case stage name' })
  qualification_stage?: string;

  @GradeQuery('Leads whose current grade is this letter.')
  grade?: Grade;

  @GradeQuery('Leads whose current grade is this letter or better (A is best).')
  minimum_grade?: Grade;

  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  min_score?: number;

  @ApiPropertyOptional({ example: 100, minimum: 0, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  max_score?: number;
}

export class SimulateDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Draft scoring rules (either DSL form), validated like a bundle; names unique.',
    example: [
      {
        name: 'Target Industry',
        rule_type: 'firmographic',
        field_name: 'industry',
        operator: 'in_list',
        value: '["SaaS", "Enterprise Software"]',
        points: 25,
      },
    ],
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  rules!: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Draft qualification criteria; the current ones when absent.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  criteria?: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Draft scoring settings (decay, caps, grading), as PUT scoring-settings/ takes; the current ones when absent.',
    example: { decay: { mode: 'half_life', half_life_days: 30 } },
  })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [Number], example: [123, 124], maxItems: MAX_SIMULATED_LEADS })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIMULATED_LEADS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  lead_ids?: number[];

  @ApiPropertyOptional({
    example: 100,
    default: 100,
    maximum: MAX_SIMULATED_LEADS,
    description: 'Leads to sample (the first by id) when lead_ids is absent.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SIMULATED_LEADS)
  sample_size?: number;
}

class SimulatedLeadDto {
  @ApiProperty({ example: 123 })
  lead!: number;

  @ApiProperty({ example: 'John Doe' })
  lead_name!: string;

  @ApiProperty({ example: 45 })
  current_score!: number;

  @ApiProperty({ example: 60 })
  simulated_score!: number;

  @ApiProperty({ example: 15 })
  score_change!: number;

  @ApiProperty({ example: 'mql' })
  current_stage!: string;

  @ApiProperty({ example: 'mql' })
  simulated_stage!: string;

  @ApiProperty({
    type: String,
    enum: GRADES,
    nullable: true,
    example: 'C',
    description: "The lead's grade now; null before its first calculation or when grades are off.",
  })
  current_grade!: string | null;

  @ApiProperty({
    type: String,
    enum: GRADES,
    nullable: true,
    example: 'B',
    description: 'The grade the draft gives; null when it gives none.',
  })
  simulated_grade!: string | null;
}

export class SimulationDto {
  @ApiProperty({ example: 7, description: 'The version the current scores and criteria come from.' })
  rule_set_version!: number;

  @ApiProperty({ example: 2 })
  sample_size!: number;

  @ApiProperty({ type: [SimulatedLeadDto] })
  leads!: SimulatedLeadDto[];

  @ApiProperty({ example: 1, description: 'How many of the leads the draft moves to another stage.' })
  stage_changes!: number;

  @ApiProperty({ example: 1, description: 'How many of the leads the draft gives another grade.' })
  grade_changes!: number;

  @ApiProperty({ type: ScoreDistributionDto })
  distribution_before!: ScoreDistributionDto;

  @ApiProperty({ type: ScoreDistributionDto })
  distribution_after!: ScoreDistributionDto;
}

export class StageHistoryQueryDto {
  @ApiProperty({ example: 123 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id!: number;
}

export class StageChangeDto {
  @ApiProperty({ example: 12 })
  id!: number;

  @ApiProperty({ example: 123 })
  lead_id!: number;

  @ApiProperty({ example: 'mql' })
  from_stage!: string;

  @ApiProperty({ example: 'sql' })
  to_stage!: string;

  @ApiProperty({ example: 68, description: 'The score of the calculation that moved the lead.' })
  score!: number;

  @ApiProperty({ example: 456 })
  lead_score_id!: number;

  @ApiProperty({ example: 3 })
  rule_set_version!: number;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  changed_at!: string;
}
