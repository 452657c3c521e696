import {
  type Client,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
} from '@temporalio/client';
import { SCHEDULED_TICK_WORKFLOW, type ScheduledTickInput } from '../contracts/qualification';

/** What a time-based workflow definition asks of its schedule. */
export interface DefinitionSchedule {
  definitionId: number;
  version: number;
  /** five-field cron, validated by the DSL */
  cron: string;
  /** IANA zone; UTC when absent */
  timezone?: string;
  /** paused while the definition is inactive */
  paused: boolean;
  taskQueue: string;
}

/** One schedule per workflow definition, found again by this id. */
export function scheduleIdOf(definitionId: number): string {
  return `workflow-definition-${definitionId}`;
}

function tickAction(schedule: DefinitionSchedule) {
  const input: ScheduledTickInput = { definition_id: schedule.definitionId, version: schedule.version };
  return {
    type: 'startWorkflow' as const,
    workflowType: SCHEDULED_TICK_WORKFLOW,
    workflowId: `tick-${schedule.definitionId}`,
    taskQueue: schedule.taskQueue,
    args: [input],
  };
}

/**
 * Creates the definition's schedule, or brings an existing one in line (new cron, zone, version, paused
 * state). A tick that is still running when the next one is due is not doubled: the overlap is skipped.
 */
export async function upsertDefinitionSchedule(client: Client, schedule: DefinitionSchedule): Promise<void> {
  const scheduleId = scheduleIdOf(schedule.definitionId);
  const spec = { cronExpressions: [schedule.cron], timezone: schedule.timezone ?? 'UTC' };
  const handle = client.schedule.getHandle(scheduleId);
  try {
    await handle.update((previous) => ({
      ...previous,
      spec,
      action: tickAction(schedule),
      state: { ...previous.state, paused: schedule.paused },
    }));
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
    await client.schedule.create({
      scheduleId,
      spec,
      action: tickAction(schedule),
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      state: { paused: schedule.paused, note: `Leadflow workflow definition ${schedule.definitionId}` },
    });
  }
}

/** Removes the definition's schedule; nothing to do when there is none. */
export async function deleteDefinitionSchedule(client: Client, definitionId: number): Promise<void> {
  try {
    await client.schedule.getHandle(scheduleIdOf(definitionId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

export function describeDefinitionSchedule(
  client: Client,
  definitionId: number,
): Promise<ScheduleDescription> {
  return client.schedule.getHandle(scheduleIdOf(definitionId)).describe();
}
