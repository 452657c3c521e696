import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DSL_SCHEMAS } from '@leadflow/dsl';
import { EXECUTION_STATUSES, type ExecutionStatus } from '@leadflow/persistence';
import { PaginationQueryDto } from '../../http/pagination';

/** The workflow DSL's own JSON Schema, published as the request body of create/replace/validate. */
export const WORKFLOW_BODY_SCHEMA = DSL_SCHEMAS.workflow as unknown as SchemaObject;

export const WORKFLOW_EXAMPLES = {
  assign_hot_leads: {
    summary: "Auto-assign hot leads (the guide's example 1)",
    value: {
      name: 'Assign hot leads to senior rep',
      trigger_type: 'score_threshold',
      trigger_config: { score: 75 },
      action_type: 'assign_owner',
      action_config: { owner_id: 5 },
      is_active: true,
      priority: 10,
    },
  },
  follow_up_sql: {
    summary: "Create a task for qualified leads (the guide's example 2)",
    value: {
      name: 'Follow up on SQL',
      trigger_type: 'score_threshold',
      trigger_config: { score: 65 },
      action_type: 'create_task',
      action_config: {
        title: 'Call qualified lead',
        description: 'Lead reached SQL qualification',
        due_in_days: 1,
        priority: 'high',
      },
      is_active: true,
    },
  },
  multi_step: {
    summary: 'Multi-step: assign, wait an hour, then branch on email clicks',
    value: {
      name: 'Hot lead playbook',
      trigger_type: 'score_threshold',
      trigger_config: { score: 80, rearm_below: 60, cooldown_days: 7 },
      steps: [
        { action: 'assign_owner', config: { round_robin: [5, 6, 7] } },
        { delay: 'PT1H' },
        {
          branch: {
            if: { all: [{ field: 'email_clicks_count', operator: 'greater_than', value: '0' }] },
            then: [
              { action: 'create_task', config: { title: 'Call now', due_in_days: 0, priority: 'urgent' } },
            ],
            else: [{ action: 'add_to_campaign', config: { campaign: 'nurture-q4' } }],
          },
        },
      ],
      priority: 20,
      is_active: true,
    },
  },
};

export class WorkflowDto {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'Assign hot leads to senior rep' }) name!: string;
  @ApiProperty({
    example: 'score_threshold',
    enum: ['score_threshold', 'stage_change', 'grade_change', 'field_update', 'time_based', 'manual'],
  })
  trigger_type!: string;
  @ApiProperty({ example: { score: 75 } }) trigger_config!: Record<string, unknown>;
  @ApiPropertyOptional({ example: 'assign_owner' }) action_type?: string;
  @ApiPropertyOptional({ example: { owner_id: 5 } }) action_config?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Multi-step form: action, delay and branch steps.' }) steps?: unknown[];
  @ApiProperty({ example: 10 }) priority!: number;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ example: 3, description: 'Current version; every save makes a new immutable one.' })
  version!: number;
  @ApiProperty({
    description: 'The compiled program the interpreter runs (trigger rule, steps with ids and retry policy).',
  })
  program!: Record<string, unknown>;
  @ApiProperty({
    example: false,
    description:
      'True until the worker has brought Temporal in line with this version (a time_based workflow has a ' +
      'schedule, paused while inactive; any other has none). Saving never waits for Temporal.',
  })
  schedule_pending!: boolean;
  @ApiProperty({
    example: null,
    nullable: true,
    description: 'Why the last attempt to bring the schedule in line failed; it is tried again.',
  })
  schedule_error!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' }) updated_at!: string;
}

export class WorkflowQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  is_active?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'score_threshold' })
  @IsOptional()
  @IsIn(['score_threshold', 'stage_change', 'grade_change', 'field_update', 'time_based', 'manual'])
  trigger_type?: string;
}

export class WorkflowLeadDto {
  @ApiProperty({ example: 123, description: 'Integer id of the lead.' })
  @IsInt()
  @Min(1)
  lead_id!: number;
}

export class CancelExecutionDto {
  @ApiPropertyOptional({ example: 'lead unsubscribed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ExecutionQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 1, description: 'Workflow definition id.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  workflow_id?: number;

  @ApiPropertyOptional({ example: 123, description: 'Lead id.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead_id?: number;

  @ApiPropertyOptional({ example: 1, description: 'Alias of `workflow_id` (kept for older clients).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  workflow?: number;

  @ApiPropertyOptional({ example: 123, description: 'Alias of `lead_id` (kept for older clients).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  lead?: number;

  @ApiPropertyOptional({ example: 'failed', enum: EXECUTION_STATUSES })
  @IsOptional()
  @IsIn(EXECUTION_STATUSES)
  status?: ExecutionStatus;

  @ApiPropertyOptional({ example: '2025-11-01T00:00:00Z', description: 'Started at or after (ISO-8601).' })
  @IsOptional()
  @Type(() => Date)
  started_after?: Date;

  @ApiPropertyOptional({ example: '2025-12-01T00:00:00Z', description: 'Started before (ISO-8601).' })
  @IsOptional()
  @Type(() => Date)
  started_before?: Date;
}

export class RecentQueryDto {
  @ApiPropertyOptional({ example: 10, default: 10, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ example: 100, default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page_size?: number;

  @ApiPropertyOptional({
    example: 'WyJDQUVRQlJnQ0loUUtFSEYxWVd4cFptbGpZWFJwYjI0dE1TMHhNak1RQVEiLDEwMCwwXQ',
    description:
      "The `next_page_token` of the page before: Temporal's history page token and the position in it, base64url.",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,4096}$/, { message: 'next_page_token must be a base64url page token' })
  next_page_token?: string;
}

export class HistoryEventDto {
  @ApiProperty({ example: 5 }) event_id!: number;
  @ApiProperty({ example: 'ActivityTaskScheduled' }) event_type!: string;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', nullable: true }) time!: string | null;
  @ApiProperty({
    example: { activity_type: 'runAction', activity_id: '2' },
    description: 'The few attributes the timeline reads: activity type, attempt, failure, timer, signal.',
  })
  details!: Record<string, unknown>;
  @ApiProperty({
    example: {
      activityId: '2',
      activityType: { name: 'runAction' },
      taskQueue: { name: 'leadflow', kind: 'TASK_QUEUE_KIND_NORMAL' },
      startToCloseTimeout: '30s',
      retryPolicy: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 5 },
    },
    description: "The event's attributes as Temporal writes them in a JSON history (payloads base64).",
  })
  attributes!: Record<string, unknown>;
  @ApiProperty({
    example: 'q-1-123-e1',
    nullable: true,
    description:
      "In a lead event's run (several definitions in one Temporal workflow): the `run_key` of the " +
      'execution whose command this is. Null for the events of the workflow itself.',
  })
  summary!: string | null;
}

export class HistoryPageDto {
  @ApiProperty({ example: 17 }) execution_id!: number;
  @ApiProperty({
    example: 'leadflow.lead-123-event-score-456',
    description: "The Temporal workflow whose history this is: the execution's lead event run.",
  })
  temporal_workflow_id!: string;
  @ApiProperty({ example: '0196f3c2-6a1e-7c41-9b2a-55e1a0c2d9f0', nullable: true }) temporal_run_id!:
    string | null;
  @ApiProperty({ example: 100 }) page_size!: number;
  @ApiProperty({
    example: 'WyJDQUVRQlJnQ0loUUtFSEYxWVd4cFptbGpZWFJwYjI0dE1TMHhNak1RQVEiLDEwMCwwXQ',
    nullable: true,
    description: 'Send it back as `?next_page_token=` for the next page; null on the last page.',
  })
  next_page_token!: string | null;
  @ApiProperty({ type: [HistoryEventDto] }) events!: HistoryEventDto[];
}

export class ExecutionDto {
  @ApiProperty({ example: 17 }) id!: number;
  @ApiProperty({ example: 1 }) workflow_definition_id!: number;
  @ApiProperty({ example: 'Assign hot leads to senior rep' }) workflow_name!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: 'score_threshold' }) trigger_type!: string;
  @ApiProperty({ example: 'score-456' }) event_id!: string;
  @ApiProperty({
    example: 'leadflow.lead-123-event-score-456',
    description:
      'The Temporal workflow that holds the run: one per lead event, shared by every definition that event ' +
      'fired (paste it into the Temporal UI). Executions decided before lead event runs name their own ' +
      '(`leadflow.qualification-1-lead-123-score-456`).',
  })
  temporal_workflow_id!: string;
  @ApiProperty({ example: '0196f3c2-6a1e-7c41-9b2a-55e1a0c2d9f0', nullable: true }) temporal_run_id!:
    string | null;
  @ApiProperty({
    example: 'q-1-123-e1',
    description:
      "The run's own key: its commands in the Temporal history carry it as their `summary` (GET {id}/history/).",
  })
  run_key!: string;
  @ApiPropertyOptional({
    example: 'http://127.0.0.1:8233/namespaces/default/workflows/leadflow.lead-123-event-score-456',
  })
  temporal_ui_url?: string;
  @ApiProperty({
    example: 'completed',
    enum: EXECUTION_STATUSES,
    description:
      '`pending`: decided and recorded, waiting for the worker to start its Temporal run (see `start_error` ' +
      'when that takes long); then `running` and how it ended.',
  })
  status!: string;
  @ApiProperty({
    example: 'live',
    enum: ['live', 'bulk'],
    description:
      'Which path starts it: live changes (API calls, activities, enrichment) go before bulk ones.',
  })
  lane!: string;
  @ApiProperty({ example: 0, description: 'Failed attempts to hand the run to Temporal so far.' })
  start_attempts!: number;
  @ApiProperty({
    example: null,
    nullable: true,
    description:
      'Why the last attempt to start the run failed (Temporal unreachable, say); it is tried again.',
  })
  start_error!: string | null;
  @ApiProperty({
    example: '2025-11-12T10:30:00.000Z',
    nullable: true,
    description: 'A pending run is not started before this time (backoff after a failed start).',
  })
  start_after!: string | null;
  @ApiProperty({ example: [{ step_id: 's1', kind: 'action', outcome: 'completed', attempts: 2 }] })
  steps!: unknown[];
  @ApiProperty({
    example: 2,
    description:
      'The most attempts any step took: 1 when nothing was retried, 0 while no step has reported. Each ' +
      "action step in `steps` has its own `attempts`; `{id}/timeline/` shows every activity's attempts.",
  })
  attempts!: number;
  @ApiProperty({ example: null, nullable: true }) error!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' }) started_at!: string;
  @ApiProperty({ example: '2025-11-12T10:30:02.000Z', nullable: true }) finished_at!: string | null;
}

export class PendingByLaneDto {
  @ApiProperty({ example: 2, description: 'Live changes: API calls, activities, enrichment.' }) live!: number;
  @ApiProperty({ example: 340, description: 'Bulk recalculations and schedules.' }) bulk!: number;
}

/** What the relay from MongoDB to Temporal still has to do. */
export class StartBacklogDto {
  @ApiProperty({ type: PendingByLaneDto }) pending!: PendingByLaneDto;
  @ApiProperty({ example: 342 }) pending_total!: number;
  @ApiProperty({
    example: 12.5,
    nullable: true,
    description: 'Seconds since the oldest pending run was decided (null when none waits).',
  })
  oldest_pending_age_seconds!: number | null;
  @ApiProperty({
    example: 'Failed to connect before the deadline',
    nullable: true,
    description: 'The error of the most recent failed start among the pending runs, if any.',
  })
  last_start_error!: string | null;
  @ApiProperty({ example: 0, description: 'Workflows whose Temporal schedule is not in line yet.' })
  schedules_pending!: number;
}

/** The execution counts of one workflow definition. */
export class WorkflowExecutionCountsDto {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'Qualified lead follow-up' }) name!: string;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ example: 31 }) total_executions!: number;
  @ApiProperty({ example: 30 }) successful_executions!: number;
  @ApiProperty({ example: 1 }) failed_executions!: number;
  @ApiProperty({ example: 0 }) pending_executions!: number;
  @ApiProperty({ example: 0 }) running_executions!: number;
  @ApiProperty({ example: 0 }) cancelled_executions!: number;
  @ApiProperty({ example: 0 }) timed_out_executions!: number;
}

export class WorkflowStatisticsDto {
  @ApiProperty({ example: 8 }) total_workflows!: number;
  @ApiProperty({ example: 6 }) active_workflows!: number;
  @ApiProperty({ example: 245 }) total_executions!: number;
  @ApiProperty({ example: 238 }) successful_executions!: number;
  @ApiProperty({ example: 7 }) failed_executions!: number;
  @ApiProperty({ example: 0, description: 'Decided runs not handed to Temporal yet.' })
  pending_executions!: number;
  @ApiProperty({ example: 0 }) running_executions!: number;
  @ApiProperty({ example: 0 }) cancelled_executions!: number;
  @ApiProperty({ example: 0 }) timed_out_executions!: number;
  @ApiProperty({
    description: 'The same counts per workflow definition.',
    type: [WorkflowExecutionCountsDto],
  })
  workflows!: WorkflowExecutionCountsDto[];
}
