import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export const MAX_ENRICH_LEAD_IDS = 1_000;

export class EnrichLeadDto {
  @ApiProperty({
    example: 'clearbit',
    description: 'An enrichment source; GET /api/leads/enrich/sources/ lists them.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  source!: string;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description: 'Replace values a user typed too (by default they are kept).',
  })
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

export class EnrichLeadsDto extends EnrichLeadDto {
  @ApiProperty({ type: [Number], example: [123, 124, 125], maxItems: MAX_ENRICH_LEAD_IDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ENRICH_LEAD_IDS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  lead_ids!: number[];
}

export class EnrichmentOutcomeDto {
  @ApiProperty({ example: 123 })
  lead_id!: number;

  @ApiProperty({ example: 'clearbit' })
  source!: string;

  @ApiProperty({ example: true, description: 'false when the lead was deleted before the job ran.' })
  lead_found!: boolean;

  @ApiProperty({ example: true, description: 'false when the source knows nothing about the lead.' })
  matched!: boolean;

  @ApiProperty({ example: ['company_revenue', 'technologies', 'job_level'] })
  updated_fields!: string[];

  @ApiProperty({ example: [], description: 'Held this value already; only the provenance was renewed.' })
  refreshed_fields!: string[];

  @ApiProperty({ example: ['industry'], description: 'Values a user typed, kept (no overwrite).' })
  kept_fields!: string[];

  @ApiProperty({ example: true })
  rescoring_queued!: boolean;
}

export class EnrichmentJobDto {
  @ApiProperty({ example: '42', description: 'Read it back at GET /api/leads/enrich/jobs/{job_id}/.' })
  job_id!: string;

  @ApiProperty({ example: 123 })
  lead_id!: number;

  @ApiProperty({ example: 'clearbit' })
  source!: string;

  @ApiProperty({ example: false })
  overwrite!: boolean;

  @ApiProperty({ example: 'completed', enum: ['waiting', 'active', 'delayed', 'completed', 'failed'] })
  state!: string;

  @ApiProperty({ example: 1 })
  attempts_made!: number;

  @ApiProperty({ example: 3 })
  max_attempts!: number;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'Why the last attempt failed, e.g. "outbound request to http://10.0.0.5/ refused: ...".',
  })
  error!: string | null;

  @ApiProperty({ type: EnrichmentOutcomeDto, nullable: true })
  result!: EnrichmentOutcomeDto | null;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:30:00.120Z', nullable: true, type: String })
  started_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:30:00.480Z', nullable: true, type: String })
  finished_at!: string | null;
}

export class EnrichmentBatchDto {
  @ApiProperty({ example: 'dataset' })
  source!: string;

  @ApiProperty({ example: 3 })
  count!: number;

  @ApiProperty({ type: [EnrichmentJobDto], description: 'One job per distinct lead.' })
  jobs!: EnrichmentJobDto[];
}

export class EnrichmentSourcesDto {
  @ApiProperty({ example: ['clearbit', 'dataset'] })
  sources!: string[];
}

export class FieldProvenanceDto {
  @ApiProperty({ example: 'SaaS', description: 'The value the enrichment wrote.' })
  value!: unknown;

  @ApiProperty({ example: 'clearbit' })
  source!: string;

  @ApiProperty({ example: '2026-01-15T10:30:00.401Z' })
  fetched_at!: string;

  @ApiProperty({ example: true, description: 'false when a user has changed the value since.' })
  current!: boolean;
}

export class LeadEnrichmentDto {
  @ApiProperty({ example: 123 })
  lead_id!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/FieldProvenanceDto' },
    example: {
      industry: { value: 'SaaS', source: 'clearbit', fetched_at: '2026-01-15T10:30:00.401Z', current: true },
    },
    description: 'Per enriched field: where its value came from and when.',
  })
  fields!: Record<string, FieldProvenanceDto>;
}
