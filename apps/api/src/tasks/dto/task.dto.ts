import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Min } from 'class-validator';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@leadflow/persistence';
import { PaginationQueryDto } from '../../http/pagination';

/** A task as the API shows it: the stored one without its internal effect key. */
export class TaskDto {
  @ApiProperty({ example: 12 }) id!: number;
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: 'Call Ada' }) title!: string;
  @ApiProperty({ example: 'Lead reached SQL qualification', nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ example: '2025-11-13T10:30:00.000Z', nullable: true, type: String, format: 'date-time' })
  due_at!: Date | null;
  @ApiProperty({ example: 'high', enum: TASK_PRIORITIES }) priority!: TaskPriority;
  @ApiProperty({ example: 'open', enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty({
    example: 5,
    nullable: true,
    type: Number,
    description: "The lead's owner when the task was made.",
  })
  assignee_id!: number | null;
  @ApiProperty({
    example: 'qualification-2-lead-123-score-456',
    nullable: true,
    type: String,
    description: 'The Temporal workflow id of the run whose create_task step made it.',
  })
  created_by_workflow_id!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', type: String, format: 'date-time' }) created_at!: Date;
  @ApiProperty({ example: null, nullable: true, type: String, format: 'date-time' })
  completed_at!: Date | null;
}

export class TaskQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 123 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id?: number;

  @ApiPropertyOptional({ example: 'open', enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ example: 5, description: 'User id of the assignee.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  assignee_id?: number;

  @ApiPropertyOptional({
    example: '2025-12-01T00:00:00Z',
    description: 'Only tasks due strictly before this instant (ISO-8601); tasks without a due date drop out.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  due_before?: string;
}
