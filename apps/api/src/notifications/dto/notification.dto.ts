import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { PaginationQueryDto } from '../../http/pagination';

/** A notification as the API shows it: the stored one without its internal effect key. */
export class NotificationDto {
  @ApiProperty({ example: 31 }) id!: number;
  @ApiProperty({
    example: 5,
    nullable: true,
    type: Number,
    description: 'The user it is for; null for a broadcast that every user sees.',
  })
  user_id!: number | null;
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: 'Ada Lovelace (Acme) passed a score of 85' }) message!: string;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When it was marked read. A broadcast has one read mark, shared by everyone.',
  })
  read_at!: Date | null;
  @ApiProperty({ example: 'qualification-4-lead-123-score-789', nullable: true, type: String })
  created_by_workflow_id!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', type: String, format: 'date-time' }) created_at!: Date;
}

export class NotificationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    example: 'true',
    enum: ['true', 'false'],
    description: 'Only unread ones when true.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @ApiPropertyOptional({ example: 123, description: "Only those about this lead (the lead page's story)." })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id?: number;
}

/** The `data` of each event on the stream. */
export class NotificationEventDto {
  @ApiProperty({ example: 31 }) id!: number;
  @ApiProperty({ example: 'Ada Lovelace (Acme) passed a score of 85' }) message!: string;
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', type: String, format: 'date-time' }) created_at!: Date;
}
