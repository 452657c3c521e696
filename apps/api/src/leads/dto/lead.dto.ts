import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsSmallObject, IsStringOrNumber, IsStringRecord } from './validators';
import { IsExistingUserId } from './user-exists.validator';

const SNAKE_CASE = /^[a-z][a-z0-9_]{0,49}$/;
export const CUSTOM_FIELDS_MAX_BYTES = 16_384;

/** `null` clears an optional field; undefined leaves it alone (PATCH) or empty (create). */
const nullable = ValidateIf((_object, value) => value !== null);

/** What a client may write on a lead. `qualification_stage` and the score fields are not among them. */
export class CreateLeadDto {
  @ApiPropertyOptional({ example: 'John', maxLength: 100, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(100)
  first_name?: string | null;

  @ApiPropertyOptional({ example: 'Doe', maxLength: 100, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(100)
  last_name?: string | null;

  @ApiProperty({ example: 'john.doe@acme.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: '+1-555-0100', maxLength: 40, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ example: 'Acme Corp', maxLength: 200, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ example: 'Director of Engineering', maxLength: 200, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiPropertyOptional({ example: 'SaaS', maxLength: 100, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(100)
  industry?: string | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '51-200',
    description: 'A bucket such as "51-200" or "Enterprise", or a head count.',
    nullable: true,
  })
  @IsOptional()
  @nullable
  @IsStringOrNumber()
  company_size?: string | number | null;

  @ApiPropertyOptional({
    example: 'new',
    default: 'new',
    pattern: SNAKE_CASE.source,
    description: 'Free snake_case status: new, contacted, qualified, converted, lost, ...',
  })
  @IsOptional()
  @IsString()
  @Matches(SNAKE_CASE, { message: 'status must be snake_case (a-z, 0-9, _), up to 50 characters' })
  status?: string;

  @ApiPropertyOptional({ example: 'website', maxLength: 100, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(100)
  source?: string | null;

  @ApiPropertyOptional({
    example: 5,
    minimum: 1,
    nullable: true,
    description: 'User id of the sales owner; 400 when no such user exists.',
  })
  @IsOptional()
  @nullable
  @IsInt()
  @Min(1)
  @IsExistingUserId()
  owner_id?: number | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: 25000000,
    description: 'Annual revenue (enrichment), a number or a text such as "$10M-$50M".',
    nullable: true,
  })
  @IsOptional()
  @nullable
  @IsStringOrNumber()
  company_revenue?: string | number | null;

  @ApiPropertyOptional({
    example: 'director',
    maxLength: 50,
    nullable: true,
    description: 'Enrichment field.',
  })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(50)
  job_level?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['salesforce', 'aws'],
    maxItems: 100,
    description: 'Technologies the company uses (enrichment).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  technologies?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { linkedin: 'https://www.linkedin.com/in/johndoe' },
    description: 'Profile URLs by network (enrichment).',
  })
  @IsOptional()
  @IsStringRecord()
  social_profiles?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { region: 'EMEA', trial_user: true },
    description: `Free fields of your own, up to ${CUSTOM_FIELDS_MAX_BYTES} bytes of JSON.`,
  })
  @IsOptional()
  @IsSmallObject(CUSTOM_FIELDS_MAX_BYTES)
  custom_fields?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: '2026-01-15T10:30:00Z',
    description: 'When the lead came in; defaults to now. Settable on create and import only (migrations).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  created_at?: string;
}

/** PUT: every writable field; omitted optional fields are cleared. */
export class ReplaceLeadDto extends OmitType(CreateLeadDto, ['created_at'] as const) {}

/** PATCH: only the fields sent change. */
export class UpdateLeadDto extends PartialType(ReplaceLeadDto) {}

export class LeadDto {
  @ApiProperty({ example: 123 })
  id!: number;

  @ApiProperty({ example: 'John', type: String, nullable: true })
  first_name!: string | null;

  @ApiProperty({ example: 'Doe', type: String, nullable: true })
  last_name!: string | null;

  @ApiProperty({ example: 'john.doe@acme.com', type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ example: '+1-555-0100', type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ example: 'Acme Corp', type: String, nullable: true })
  company!: string | null;

  @ApiProperty({ example: 'Director of Engineering', type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ example: 'SaaS', type: String, nullable: true })
  industry!: string | null;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], example: '51-200', nullable: true })
  company_size!: string | number | null;

  @ApiProperty({ example: 'new' })
  status!: string;

  @ApiProperty({ example: 'website', type: String, nullable: true })
  source!: string | null;

  @ApiProperty({ example: 5, type: Number, nullable: true })
  owner_id!: number | null;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], example: 25000000, nullable: true })
  company_revenue!: string | number | null;

  @ApiProperty({ example: 'director', type: String, nullable: true })
  job_level!: string | null;

  @ApiProperty({ type: [String], example: ['salesforce', 'aws'] })
  technologies!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { linkedin: 'https://www.linkedin.com/in/johndoe' },
  })
  social_profiles!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { region: 'EMEA' } })
  custom_fields!: Record<string, unknown>;

  @ApiProperty({ example: 75, description: 'Latest score, 0..100 (written by scoring, read-only).' })
  score!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { demographic: 15, behavioral: 10, firmographic: 35, engagement: 15 },
    description: 'Points per rule category of the latest score (read-only).',
  })
  score_breakdown!: Record<string, number>;

  @ApiProperty({ example: 'sql', description: 'Stage from the qualification criteria (read-only).' })
  qualification_stage!: string;

  @ApiProperty({
    type: String,
    enum: ['A', 'B', 'C', 'D', 'F'],
    nullable: true,
    example: 'B',
    description:
      "Profile-fit grade of the latest score (read-only): the share of the fit categories' points the lead " +
      'has (demographic and firmographic by default); null before the first score or when grades are off.',
  })
  grade!: string | null;

  @ApiProperty({
    type: String,
    enum: ['won', 'lost'],
    nullable: true,
    example: 'won',
    description:
      'won or lost, set by POST /api/leads/{id}/outcome/ (or an import, a workflow, the CLI); null: open.',
  })
  outcome!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-02-20T15:00:00.000Z' })
  outcome_at!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.42,
    description:
      "The win model's probability that this open lead is won (PREDICTIVE_SCORE=true); null while off. A fact " +
      'of rules, criteria and triggers (predicted_win_probability).',
  })
  predicted_win_probability!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 4,
    description: 'The model version of that prediction.',
  })
  prediction_model_version!: number | null;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  updated_at!: string;
}
