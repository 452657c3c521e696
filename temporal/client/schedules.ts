import {
  type Client,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
} from '@temporalio/client';
import { SCHEDULED_TICK_WORKFLOW, type ScheduledTickInput } from '../contracts/qualification';

/** What a time-based workflow definition asks of its schedule. */
export interface DefinitionSchedule {
  /** TEMPORAL_ID_PREFIX: schedule and run ids are per deployment */
  idPrefix: string;
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

/** One schedule per workflow definition of a deployment, found again by this id. */
export function scheduleIdOf(idPrefix: string, definitionId: number): string {
  return `${idPrefix}.workflow-definition-${definitionId}`;
}

function tickAction(schedule: DefinitionSchedule) {
  const input: ScheduledTickInput = {
    definition_id: schedule.definitionId,
    version: schedule.version,
    id_prefix: schedule.idPrefix,
  };
  return {
    type: 'startWorkflow' as const,
    workflowType: SCHEDULED_TICK_WORKFLOW,
    workflowId: `${schedule.idPrefix}.tick-${schedule.definitionId}`,
    taskQueue: schedule.taskQueue,
    args: [input],
  };
}

/**
 * Creates the definition's schedule, or brings an existing one in line (new cron, zone, version, paused
 * state). A tick that is still running when the next one is due is not doubled: the overlap is skipped.
 */
export async function upsertDefinitionSchedule(client: Client, schedule: DefinitionSchedule): Promise<void> {
  const scheduleId = scheduleIdOf(schedule.idPrefix, schedule.definitionId);
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
export async function deleteDefinitionSchedule(
  client: Client,
  idPrefix: string,
  definitionId: number,
): Promise<void> {
  try {
    await client.schedule.getHandle(scheduleIdOf(idPrefix, definitionId)).delete();
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}

export function describeDefinitionSchedule(
  client: Client,
  idPrefix: string,
  definitionId: number,
): Promise<ScheduleDescription> {
  return client.schedule.getHandle(scheduleIdOf(idPrefix, definitionId)).describe();
}
