import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CreateActivityDto } from './activity.dto';
import { CreateLeadDto } from './lead.dto';

export const MAX_IMPORT_ACTIVITIES_PER_LEAD = 500;

/**
 * One JSON import row: a lead plus, optionally, its activities, so that a lead's history arrives in the same
 * request as the lead (an import of 1,000 leads is then a handful of requests, not thousands).
 */
export class ImportLeadDto extends CreateLeadDto {
  @ApiPropertyOptional({
    type: [CreateActivityDto],
    maxItems: MAX_IMPORT_ACTIVITIES_PER_LEAD,
    example: [{ type: 'email_opened', occurred_at: '2026-01-20T09:15:00Z' }],
    description: "The lead's activities, stored with it (JSON imports only).",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_ACTIVITIES_PER_LEAD)
  @ValidateNested({ each: true })
  @Type(() => CreateActivityDto)
  activities?: CreateActivityDto[];

  // The outcome columns are read apart from the lead's fields (lead-import.service) and checked as
  // POST /api/leads/{id}/outcome/ checks its body; declared here for the documentation.
  @ApiPropertyOptional({
    enum: ['won', 'lost'],
    example: 'won',
    description: "The lead's outcome, if decided.",
  })
  @IsOptional()
  outcome?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-20T15:00:00Z', description: 'Default: now.' })
  @IsOptional()
  outcome_date?: string;

  @ApiPropertyOptional({ example: 12000, minimum: 0 })
  @IsOptional()
  outcome_amount?: number;

  @ApiPropertyOptional({ example: 'Signed the annual plan' })
  @IsOptional()
  outcome_reason?: string;
}

export class ImportFieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;

  @ApiProperty({ example: 'isEmail' })
  code!: string;
}

export class ImportRowErrorDto {
  @ApiProperty({
    example: 3,
    description: 'Row number, from 1 (the first lead; a CSV header is not counted).',
  })
  row!: number;

  @ApiPropertyOptional({
    example: 131,
    description:
      'Set when the lead was stored but a later write of its row (an activity) failed: the lead exists, ' +
      'is listed in `ids` and queued for scoring, without the activities after the failure.',
  })
  id?: number;

  @ApiProperty({ type: [ImportFieldErrorDto] })
  errors!: ImportFieldErrorDto[];
}

export class ImportResultDto {
  @ApiProperty({ example: 2, description: 'Leads created.' })
  created!: number;

  @ApiProperty({
    example: 1,
    description:
      'Rows listed in `errors`: refused by validation, or valid but not (fully) stored because a write failed.',
  })
  failed!: number;

  @ApiProperty({
    type: [Number],
    example: [124, 125],
    description: 'Ids of the created leads, in row order.',
  })
  ids!: number[];

  @ApiProperty({ example: 5, description: 'Activities created with the leads.' })
  activities!: number;

  @ApiProperty({ example: 2, description: 'Outcomes (won/lost) recorded with the leads.' })
  outcomes!: number;

  @ApiProperty({
    example: true,
    description:
      'Whether every created lead is queued for scoring. False while Redis does not take the jobs: the ' +
      'leads are stored all the same, and the daily recalculation (or any later change) scores them.',
  })
  scoring_queued!: boolean;

  @ApiProperty({ type: [ImportRowErrorDto] })
  errors!: ImportRowErrorDto[];
}
