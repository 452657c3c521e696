import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class JobsOverviewQueryDto {
  @ApiPropertyOptional({
    example: 20,
    default: 20,
    minimum: 0,
    maximum: 100,
    description: 'Failed jobs per queue.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  failed_limit?: number;

  @ApiPropertyOptional({
    example: 0,
    default: 0,
    minimum: 0,
    description: 'Failed jobs to skip per queue (newest first).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  failed_offset?: number;
}

export class JobDto {
  @ApiProperty({ example: 'enrichment' })
  queue!: string;

  @ApiProperty({ example: '42' })
  job_id!: string;

  @ApiProperty({ example: 'failed', enum: ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused'] })
  state!: string;

  @ApiProperty({
    example: { lead_id: 123, source: 'clearbit' },
    description: 'The payload: ids, never documents.',
  })
  data!: unknown;

  @ApiProperty({ example: 1 })
  attempts_made!: number;

  @ApiProperty({ example: 3 })
  max_attempts!: number;

  @ApiProperty({
    example:
      'outbound request to http://169.254.169.254/latest refused: address 169.254.169.254 is link-local, not public',
    nullable: true,
    type: String,
  })
  error!: string | null;

  @ApiProperty({ example: null, nullable: true, description: 'What a completed job returned.' })
  result!: unknown;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:30:00.120Z', nullable: true, type: String })
  started_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:30:00.480Z', nullable: true, type: String })
  finished_at!: string | null;
}

export class JobCountsDto {
  @ApiProperty({ example: 0 })
  waiting!: number;

  @ApiProperty({ example: 1 })
  active!: number;

  @ApiProperty({ example: 120 })
  completed!: number;

  @ApiProperty({ example: 2 })
  failed!: number;

  @ApiProperty({ example: 0 })
  delayed!: number;

  @ApiProperty({ example: 0 })
  paused!: number;
}

export class QueueOverviewDto {
  @ApiProperty({ example: 'enrichment', enum: ['scoring', 'bulk-scoring', 'enrichment', 'maintenance'] })
  name!: string;

  @ApiProperty({ type: JobCountsDto })
  counts!: JobCountsDto;

  @ApiProperty({ type: [JobDto], description: 'Failed jobs with their errors, newest first (one page).' })
  failed!: JobDto[];
}

export class QueuesOverviewDto {
  @ApiProperty({ example: 20 })
  failed_limit!: number;

  @ApiProperty({ example: 0 })
  failed_offset!: number;

  @ApiProperty({ type: [QueueOverviewDto] })
  queues!: QueueOverviewDto[];
}
