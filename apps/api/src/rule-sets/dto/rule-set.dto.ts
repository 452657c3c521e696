import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DSL_SCHEMAS } from '@leadflow/dsl';
import { queryBoolean } from '../../http/query-boolean';
import {
  CRITERION_BODY_SCHEMA,
  CRITERION_EXAMPLES,
} from '../../qualification-criteria/dto/qualification-criterion.dto';
import { ProblemDto, SCORING_RULE_BODY_SCHEMA } from '../../scoring-rules/dto/scoring-rule.dto';
import { SCORING_SETTINGS_BODY_SCHEMA } from '../../scoring-settings/dto/scoring-settings.dto';
import { WORKFLOW_EXAMPLES } from '../../workflows/dto/workflow.dto';

const GUIDE_RULE = {
  name: 'High-value industry',
  rule_type: 'firmographic',
  field_name: 'industry',
  operator: 'in_list',
  value: '["Technology", "Finance", "Healthcare"]',
  points: 15,
  is_active: true,
  priority: 10,
};

/** The DSL's bundle schema, with each item spelled as the single-document endpoints document it. */
export const BUNDLE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: `${DSL_SCHEMAS.bundle.description} The bundle is the whole desired rule set: what it leaves out is deleted.`,
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['bundle'] },
    version: { type: 'integer', minimum: 1 },
    description: { type: 'string', maxLength: 2000 },
    rules: { type: 'array', maxItems: 1000, items: SCORING_RULE_BODY_SCHEMA },
    criteria: { type: 'array', maxItems: 1000, items: CRITERION_BODY_SCHEMA },
    workflows: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        description: 'A workflow document, as POST /lead-qualification/workflows/ takes.',
      },
    },
    settings: {
      ...SCORING_SETTINGS_BODY_SCHEMA,
      description:
        'The scoring settings (score decay), as PUT /lead-qualification/scoring-settings/ takes. Absent: the ' +
        'stored settings are left as they are.',
    },
  },
};

export const BUNDLE_EXAMPLE = {
  kind: 'bundle',
  rules: [GUIDE_RULE],
  criteria: [CRITERION_EXAMPLES.mql.value],
  workflows: [WORKFLOW_EXAMPLES.assign_hot_leads.value],
};

export class RuleSetApplyQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    example: true,
    description: 'Only plan: answer what would change and write nothing (`leadflow plan`).',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dry_run?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    example: true,
    description:
      'Delete stored items the bundle leaves out, in the sections the bundle holds (`leadflow apply --prune`). ' +
      'Without it they stay and are listed in `kept`.',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  prune?: boolean;

  @ApiPropertyOptional({
    type: Number,
    example: 10,
    description:
      'Refuse (409 TOO_MANY_DELETIONS, nothing written) an apply that would delete more items than this.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(100_000)
  max_deletions?: number;
}

export class KeptItemDto {
  @ApiProperty({ enum: ['rules', 'criteria', 'workflows'], example: 'criteria' })
  section!: string;

  @ApiProperty({ example: 'Marketing Qualified Lead' })
  name!: string;

  @ApiProperty({ example: 3 })
  id!: number;
}

export class RescoringDto {
  @ApiProperty({
    example: '5f0c6b3e-…',
    description: 'The bulk scoring job; its progress is served by bulk_calculate.',
  })
  job_id!: string;
}

export class PlannedChangeDto {
  @ApiProperty({ enum: ['rules', 'criteria', 'workflows'], example: 'rules' })
  section!: string;

  @ApiProperty({ enum: ['create', 'update', 'delete'], example: 'update' })
  action!: string;

  @ApiProperty({ example: 'High-value industry' })
  name!: string;

  @ApiProperty({ type: Number, nullable: true, example: 5, description: 'Stored id; null for a create.' })
  id!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0,
    description: "Position in the bundle's section; null for a delete.",
  })
  index!: number | null;

  @ApiProperty({
    type: [String],
    example: ['points'],
    description: 'Top-level fields that differ (updates).',
  })
  fields!: string[];
}

export class PlanSummaryDto {
  @ApiProperty({ example: 1 })
  create!: number;

  @ApiProperty({ example: 1 })
  update!: number;

  @ApiProperty({ example: 0 })
  delete!: number;

  @ApiProperty({ example: 7 })
  unchanged!: number;

  @ApiProperty({ example: 2, description: 'Stored items the bundle leaves out that stay (no prune).' })
  kept!: number;
}

export class RuleSetApplyResultDto {
  @ApiProperty({ example: false })
  dry_run!: boolean;

  @ApiProperty({ type: [PlannedChangeDto] })
  changes!: PlannedChangeDto[];

  @ApiProperty({ type: PlanSummaryDto })
  summary!: PlanSummaryDto;

  @ApiProperty({ type: [KeptItemDto], description: 'Stored items not in the bundle, kept (not in folder).' })
  kept!: KeptItemDto[];

  @ApiProperty({
    type: RescoringDto,
    nullable: true,
    description:
      'The bulk rescoring of every lead the published version started (setting rescore_on_publish); null when none.',
  })
  rescoring!: RescoringDto | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 12,
    description:
      'The one rule-set version the apply published; null for a dry run or when no rule or criterion changed.',
  })
  rule_set_version!: number | null;

  @ApiProperty({
    type: [ProblemDto],
    description: "The linter's warnings over the bundle (JSON pointers into it).",
  })
  warnings!: ProblemDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { from: { decay: null }, to: { decay: { mode: 'half_life', half_life_days: 30 } } },
    description: 'The settings change the bundle makes; null when it sets none or they are unchanged.',
  })
  settings!: Record<string, unknown> | null;
}
