import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { DSL_SCHEMAS } from '@leadflow/dsl';

export const CRITERION_EXAMPLES = {
  mql: {
    summary: 'Marketing Qualified Lead (the guide)',
    value: {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 40,
      required_fields: ['email', 'company', 'phone'],
      required_actions: ['email_opened', 'form_submitted'],
      time_constraint_days: 90,
      is_active: true,
    },
  },
  sql: {
    summary: 'Sales Qualified Lead (the guide)',
    value: {
      name: 'Sales Qualified Lead',
      stage: 'sql',
      minimum_score: 65,
      required_fields: ['email', 'company', 'phone', 'title', 'company_size'],
      required_actions: ['email_opened', 'email_clicked', 'demo_requested'],
      time_constraint_days: 60,
      is_active: true,
    },
  },
};

export const CRITERION_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description: DSL_SCHEMAS.qualification_criterion.description,
  required: ['name', 'stage', 'minimum_score'],
  properties: {
    name: { type: 'string', example: 'Marketing Qualified Lead' },
    description: { type: 'string' },
    stage: {
      type: 'string',
      example: 'mql',
      description:
        'mql, sql or hot; any other snake_case stage needs `custom_stage: true`; "unqualified" is reserved',
    },
    custom_stage: {
      type: 'boolean',
      example: true,
      description: 'Declares `stage` a stage of your own (outside mql, sql, hot); leave out otherwise.',
    },
    minimum_score: { type: 'integer', minimum: 0, maximum: 100, example: 40 },
    required_fields: { type: 'array', items: { type: 'string' }, example: ['email', 'company', 'phone'] },
    required_actions: {
      type: 'array',
      items: { type: 'string' },
      example: ['email_opened', 'form_submitted'],
    },
    time_constraint_days: { type: 'integer', minimum: 1, nullable: true, example: 90 },
    minimum_grade: {
      type: 'string',
      enum: ['A', 'B', 'C', 'D', 'F'],
      description: 'Optional: the lowest profile-fit grade the stage accepts (A is best).',
      example: 'B',
    },
    is_active: { type: 'boolean', default: true, example: true },
  },
};

export class QualificationCriterionDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'Marketing Qualified Lead' })
  name!: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiProperty({ example: 'mql' })
  stage!: string;

  @ApiPropertyOptional({ example: true, description: 'present (true) when `stage` is a custom stage' })
  custom_stage?: boolean;

  @ApiProperty({ example: 40 })
  minimum_score!: number;

  @ApiProperty({ type: [String], example: ['email', 'company', 'phone'] })
  required_fields!: string[];

  @ApiProperty({ type: [String], example: ['email_opened', 'form_submitted'] })
  required_actions!: string[];

  @ApiProperty({ type: Number, nullable: true, example: 90 })
  time_constraint_days!: number | null;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiPropertyOptional({
    enum: ['A', 'B', 'C', 'D', 'F'],
    description: 'The lowest profile-fit grade the stage accepts; absent: any grade.',
    example: 'B',
  })
  minimum_grade?: string;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  updated_at!: string;
}
