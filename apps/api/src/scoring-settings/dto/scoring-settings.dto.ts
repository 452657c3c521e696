import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DSL_SCHEMAS } from '@leadflow/dsl';

const HALF_LIFE = { mode: 'half_life', half_life_days: 30, categories: ['behavioral', 'engagement'] };
const STEPS = {
  mode: 'step',
  steps: [
    { after_days: 30, keep_percent: 50 },
    { after_days: 90, keep_percent: 25 },
    { after_days: 180, keep_percent: 0 },
  ],
  categories: ['behavioral', 'engagement'],
};

export const SCORING_SETTINGS_EXAMPLES = {
  half_life: {
    summary: 'Half-life: behavioral and engagement points halve every 30 days',
    value: { decay: HALF_LIFE },
  },
  steps: {
    summary: 'HubSpot-style steps: 50 % after 30 days, 25 % after 90, nothing after 180',
    value: { decay: STEPS },
  },
  off: { summary: 'No decay (the default)', value: { decay: null } },
  caps: {
    summary: 'Caps: behavioral adds at most 30, all categories together at most 90',
    value: { decay: null, caps: { categories: { behavioral: 30 }, total: 90 } },
  },
  grading: {
    summary: 'Stricter grade bands',
    value: {
      decay: null,
      grading: { bands: { A: 90, B: 70, C: 50, D: 25 } },
    },
  },
};

const CATEGORY_ENUM = ['demographic', 'behavioral', 'firmographic', 'engagement'];
const CAPS_EXAMPLE = { categories: { behavioral: 30 }, total: 90 };
const GRADING_EXAMPLE = { bands: { A: 80, B: 60, C: 40, D: 20 } };
const CAP_SCHEMA: SchemaObject = { type: 'integer', minimum: 0, maximum: 100 };

const CAPS_SCHEMA: SchemaObject = {
  type: 'object',
  nullable: true,
  description:
    'null (the default): nothing capped. A category adds at most its cap (only positive sums are cut); the ' +
    'categories together add at most `total`, before the 0..100 clamp. The explanation of a calculation ' +
    'names each cap that cut points ("behavioral capped at 30: 45 earned").',
  properties: {
    categories: {
      type: 'object',
      properties: Object.fromEntries(CATEGORY_ENUM.map((category) => [category, CAP_SCHEMA])),
      example: { behavioral: 30 },
    },
    total: { ...CAP_SCHEMA, nullable: true, example: 90 },
  },
  example: CAPS_EXAMPLE,
};

const GRADING_SCHEMA: SchemaObject = {
  type: 'object',
  nullable: true,
  description:
    'Absent: the default bands shown in the example. null: no grades. The grade is the share of the fit ' +
    'points a lead has (the points of the rules marked counts_toward_grade, by default the demographic and ' +
    'firmographic ones), of the most those active rules can award: A from bands.A %, B from bands.B %, C, ' +
    'D, else F.',
  properties: {
    bands: {
      type: 'object',
      required: ['A', 'B', 'C', 'D'],
      properties: Object.fromEntries(
        ['A', 'B', 'C', 'D'].map((grade) => [grade, { type: 'number', minimum: 0, maximum: 100 }]),
      ),
    },
  },
  example: GRADING_EXAMPLE,
};

const STEP_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['after_days', 'keep_percent'],
  properties: {
    after_days: { type: 'integer', minimum: 1, maximum: 3650, example: 30 },
    keep_percent: { type: 'number', minimum: 0, maximum: 100, example: 50 },
  },
};

const DECAY_SCHEMA: SchemaObject = {
  type: 'object',
  nullable: true,
  description:
    'null: no decay. half_life: points keep 0.5^(age_days / half_life_days). step: from after_days on, points ' +
    'keep keep_percent % (the last step reached applies; days ascending, percentages never rising).',
  required: ['mode'],
  properties: {
    mode: { type: 'string', enum: ['half_life', 'step'], example: 'half_life' },
    half_life_days: {
      type: 'number',
      exclusiveMinimum: true,
      minimum: 0,
      maximum: 3650,
      example: 30,
      description: 'mode half_life only',
    },
    steps: { type: 'array', items: STEP_SCHEMA, minItems: 1, maxItems: 20, description: 'mode step only' },
    categories: {
      type: 'array',
      items: { type: 'string', enum: ['demographic', 'behavioral', 'firmographic', 'engagement'] },
      default: ['behavioral', 'engagement'],
      example: ['behavioral', 'engagement'],
    },
  },
  example: HALF_LIFE,
};

export const SCORING_SETTINGS_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: DSL_SCHEMAS.scoring_settings.description,
  required: ['decay'],
  properties: { decay: DECAY_SCHEMA, caps: CAPS_SCHEMA, grading: GRADING_SCHEMA },
};

/** PUT scoring-settings/: the rule set's settings plus the API's rescore_on_publish switch. */
export const SCORING_SETTINGS_PUT_SCHEMA: SchemaObject = {
  ...SCORING_SETTINGS_BODY_SCHEMA,
  properties: {
    ...SCORING_SETTINGS_BODY_SCHEMA.properties,
    rescore_on_publish: {
      type: 'boolean',
      default: true,
      example: true,
      description:
        'Publishing a rule set (rule-sets/apply: the console, `leadflow apply`) starts a bulk rescoring of ' +
        'every lead. Not part of the published versions; absent leaves it as it is.',
    },
  },
};

export class ScoringSettingsDto {
  @ApiProperty({
    example: true,
    description: 'Whether publishing a rule set starts a bulk rescoring of every lead (default true).',
  })
  rescore_on_publish!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: DECAY_SCHEMA.description,
    example: HALF_LIFE,
  })
  decay!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: CAPS_SCHEMA.description,
    example: CAPS_EXAMPLE,
  })
  caps!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: GRADING_SCHEMA.description,
    example: GRADING_EXAMPLE,
  })
  grading!: Record<string, unknown> | null;

  @ApiProperty({
    example: 12,
    description:
      'The latest rule-set version, which carries these settings; scores name the version they used.',
  })
  rule_set_version!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-03-01T12:00:00.000Z',
    description: 'null until the settings are first set',
  })
  updated_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  updated_by!: string | null;
}
