import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CATEGORIES, OPERATOR_NAMES } from '@leadflow/domain';
import { DSL_SCHEMAS } from '@leadflow/dsl';

/** The guide's documents, offered as Swagger examples of a request body. */
export const SCORING_RULE_EXAMPLES = {
  high_value_industry: {
    summary: "High-value industry (the guide's API example)",
    value: {
      name: 'High-value industry',
      rule_type: 'firmographic',
      field_name: 'industry',
      operator: 'in_list',
      value: '["Technology", "Finance", "Healthcare"]',
      points: 15,
      is_active: true,
      priority: 10,
    },
  },
  target_industry: {
    summary: 'Target Industry',
    value: {
      name: 'Target Industry',
      rule_type: 'firmographic',
      field_name: 'industry',
      operator: 'in_list',
      value: '["SaaS", "Enterprise Software"]',
      points: 20,
    },
  },
  company_size: {
    summary: 'Mid to Large Company',
    value: {
      name: 'Mid to Large Company',
      rule_type: 'firmographic',
      field_name: 'company_size',
      operator: 'in_list',
      value: '["51-200", "201-500", "500+"]',
      points: 15,
    },
  },
  email_engaged: {
    summary: 'Email Engaged',
    value: {
      name: 'Email Engaged',
      rule_type: 'behavioral',
      field_name: 'email_opens_count',
      operator: 'greater_than',
      value: '3',
      points: 10,
    },
  },
  recent_activity: {
    summary: 'Recent Activity',
    value: {
      name: 'Recent Activity',
      rule_type: 'engagement',
      field_name: 'days_since_creation',
      operator: 'less_than',
      value: '30',
      points: 10,
    },
  },
  decision_maker: {
    summary: 'Decision Maker',
    value: {
      name: 'Decision Maker',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'director',
      points: 15,
    },
  },
  nested: {
    summary: 'Nested conditions',
    value: {
      name: 'Engaged SaaS decision maker',
      rule_type: 'engagement',
      conditions: {
        all: [
          { field: 'industry', operator: 'equals', value: 'SaaS' },
          {
            any: [
              { field: 'email_clicks_count', operator: 'greater_than_or_equal', value: 2 },
              { field: 'demo_requested_count', operator: 'greater_than', value: 0 },
            ],
          },
        ],
      },
      points: 20,
      priority: 5,
    },
  },
};

const condition: SchemaObject = {
  type: 'object',
  description: 'A group {all: [...]}, {any: [...]} or {not: {...}}, or a leaf {field, operator, value}.',
  additionalProperties: true,
};

/**
 * OpenAPI view of the scoring-rule DSL. The validator (and the JSON Schema served in its description)
 * decides; this documents the fields for Swagger UI.
 */
export const SCORING_RULE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: `${DSL_SCHEMAS.scoring_rule.description} Either field_name/operator/value or conditions.`,
  required: ['name', 'rule_type', 'points'],
  properties: {
    name: { type: 'string', maxLength: 200, example: 'High-value industry' },
    description: { type: 'string' },
    rule_type: { type: 'string', enum: [...CATEGORIES], example: 'firmographic' },
    field_name: { type: 'string', example: 'industry' },
    operator: { type: 'string', enum: [...OPERATOR_NAMES], example: 'in_list' },
    value: {
      description: 'A JSON-encoded string as the guide sends it, or a native JSON value.',
      example: '["Technology", "Finance", "Healthcare"]',
    },
    conditions: condition,
    points: { type: 'integer', minimum: -100, maximum: 100, example: 15 },
    priority: { type: 'integer', minimum: 0, default: 1, example: 10 },
    is_active: { type: 'boolean', default: true, example: true },
    counts_toward_grade: {
      type: 'boolean',
      description:
        'Whether the points measure profile fit for the grade A–F. Default: true for demographic and firmographic rules, false for behavioral and engagement ones.',
      example: true,
    },
  },
};

export class ScoringRuleDto {
  @ApiProperty({ example: 5 })
  id!: number;

  @ApiProperty({ example: 'High-value industry' })
  name!: string;

  @ApiProperty({ enum: CATEGORIES, example: 'firmographic' })
  rule_type!: string;

  @ApiPropertyOptional({ example: 'industry' })
  field_name?: string;

  @ApiPropertyOptional({ enum: OPERATOR_NAMES, example: 'in_list' })
  operator?: string;

  @ApiPropertyOptional({
    // any JSON value: a type here (reflected `unknown` is Object) would make the guide's strings a violation
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'array', items: {} },
      { type: 'object' },
    ],
    nullable: true,
    example: '["Technology", "Finance", "Healthcare"]',
    description: 'As it was sent: the JSON string form stays a string.',
  })
  value?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Nested form only.' })
  conditions?: Record<string, unknown>;

  @ApiProperty({ example: 15 })
  points!: number;

  @ApiProperty({ example: 10 })
  priority!: number;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({
    example: true,
    description: "Whether the points count toward the grade A–F (the category's default when not sent).",
  })
  counts_toward_grade!: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The json-rules-engine rule this document compiles to.',
    example: {
      name: 'High-value industry',
      priority: 10,
      conditions: {
        all: [{ fact: 'industry', operator: 'in_list', value: ['Technology', 'Finance', 'Healthcare'] }],
      },
      event: { type: 'score', params: { rule_id: '5', category: 'firmographic', points: 15 } },
    },
  })
  compiled!: Record<string, unknown>;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  updated_at!: string;
}

export class ProblemDto {
  @ApiProperty({ example: '/value', description: 'JSON pointer into the document.' })
  pointer!: string;

  @ApiProperty({ example: 'MALFORMED_JSON_VALUE' })
  code!: string;

  @ApiProperty({ example: 'value starts with "[" but is not valid JSON' })
  message!: string;
}

export class RuleValidationReportDto {
  @ApiProperty({ example: true })
  valid!: boolean;

  @ApiProperty({ type: [ProblemDto], example: [] })
  errors!: ProblemDto[];

  @ApiProperty({
    type: [ProblemDto],
    description: 'Linter warnings over the stored rules with this one added.',
    example: [{ pointer: '/rules/0/points', code: 'RULE_POINTS_OVER_25', message: '...' }],
  })
  warnings!: ProblemDto[];

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  compiled!: Record<string, unknown> | null;
}

export class RuleTestResultDto {
  @ApiProperty({ example: 'High-value industry' })
  rule!: string;

  @ApiProperty({ example: 'Acme Corp', description: "The lead's company." })
  lead!: string;

  @ApiProperty({ example: 15, description: 'After score decay when the rule set decays this category.' })
  points_awarded!: number;

  @ApiProperty({ example: true })
  rule_applied!: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Present when the points decayed: original points, factor, decayed points and age.',
    example: {
      original_points: 10,
      decay_factor: 0.5,
      decayed_points: 5,
      age_days: 14,
      aged_from: { occurred_at: '2025-10-29T09:00:00.000Z', activity_types: ['email_opened'] },
    },
  })
  decay?: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Leaf by leaf: each condition with the fact value it saw and its result.',
  })
  explanation!: Record<string, unknown>;
}
