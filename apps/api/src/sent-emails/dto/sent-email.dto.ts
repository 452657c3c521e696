import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

export class SentEmailQueryDto {
  @ApiProperty({ example: 123, description: 'The lead the emails were sent about.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id!: number;
}

/** An email a send_email step sent (or is sending), as the API shows it: without its internal effect key. */
export class SentEmailDto {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: 'ada@acme.example' }) to!: string;
  @ApiProperty({ example: 'Welcome, Ada' }) subject!: string;
  @ApiProperty({ example: 'Hello Ada, ...' }) body!: string;
  @ApiProperty({ type: String, nullable: true, example: 'welcome' }) template!: string | null;
  @ApiProperty({ example: '<1a2b@leadflow>' }) message_id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'leadflow.qualification-3-lead-123-manual-1',
    description: 'The Temporal workflow that sent it.',
  })
  workflow_id!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', type: String, format: 'date-time' }) created_at!: Date;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2025-11-12T10:30:01.000Z',
    description: 'null while the SMTP server has not accepted it yet.',
  })
  sent_at!: Date | null;
}
