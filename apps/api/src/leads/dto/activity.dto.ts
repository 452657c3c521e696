import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { IsSmallObject } from './validators';

const ACTIVITY_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
export const METADATA_MAX_BYTES = 8_192;

export class CreateActivityDto {
  @ApiProperty({
    example: 'email_opened',
    pattern: ACTIVITY_TYPE.source,
    description:
      'Any snake_case type: email_opened, email_clicked, form_submitted, demo_requested, website_visit, ' +
      'meeting_booked, ... Each type T is counted as the scoring fact T_count.',
  })
  @IsString()
  @Matches(ACTIVITY_TYPE, { message: 'type must be snake_case (a-z, 0-9, _), up to 64 characters' })
  type!: string;

  @ApiPropertyOptional({ example: '2026-01-20T09:15:00Z', description: 'When it happened; defaults to now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurred_at?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { campaign: 'spring-launch', subject: 'Meet Leadflow' },
    description: `Free details, up to ${METADATA_MAX_BYTES} bytes of JSON.`,
  })
  @IsOptional()
  @IsSmallObject(METADATA_MAX_BYTES)
  metadata?: Record<string, unknown>;
}

export class ActivityDto {
  @ApiProperty({ example: 42 })
  id!: number;

  @ApiProperty({ example: 123 })
  lead_id!: number;

  @ApiProperty({ example: 'email_opened' })
  type!: string;

  @ApiProperty({ example: '2026-01-20T09:15:00.000Z' })
  occurred_at!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { campaign: 'spring-launch' } })
  metadata!: Record<string, unknown>;

  @ApiProperty({ example: '2026-01-20T09:15:01.000Z' })
  created_at!: string;
}
