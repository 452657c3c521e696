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
  properties: { decay: DECAY_SCHEMA },
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
