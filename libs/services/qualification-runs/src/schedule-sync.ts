import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { CONFIG, type Config } from '@leadflow/config';
import { type WorkflowDefinitionDocument, WorkflowDefinitionsRepository } from '@leadflow/persistence';
import { deleteDefinitionSchedule, scheduleIdOf, upsertDefinitionSchedule } from '@leadflow/temporal/client';
import { laneTaskQueue } from '@leadflow/temporal/contracts/qualification';

/** Each call to Temporal gets this long; an unreachable server fails the round, which is tried again. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * Brings Temporal's schedules in line with the workflow definitions, by schedule id, so doing it twice
 * changes nothing: a time-based definition has a schedule (paused while inactive), any other has none, and a
 * schedule of this deployment whose definition is gone is deleted. Run by the worker's relay.
 */
@Injectable()
export class ScheduleSync {
  private readonly logger = new Logger('schedule-sync');

  constructor(
    private readonly definitions: WorkflowDefinitionsRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Definitions saved since their schedule was last brought in line. Returns how many were done. */
  async syncPending(): Promise<number> {
    let done = 0;
    for (const definition of await this.definitions.pendingSchedules()) {
      try {
        await this.temporal.withDeadline(Date.now() + CALL_TIMEOUT_MS, () => this.sync(definition));
        await this.definitions.scheduleSynced(definition.id, definition.version);
        done += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`schedule of workflow ${definition.id} not in line yet: ${message}`);
        await this.definitions.scheduleFailed(definition.id, definition.version, message);
        // Temporal is likely away: the others would fail the same way; the next round tries again.
        break;
      }
    }
    return done;
  }

  /** Deletes this deployment's schedules whose definition no longer exists. */
  async deleteOrphans(): Promise<void> {
    const prefix = scheduleIdOf(this.config.TEMPORAL_ID_PREFIX, 0).replace(/0$/, '');
    const existing = await this.definitions.allIds();
    await this.temporal.withDeadline(Date.now() + CALL_TIMEOUT_MS, async () => {
      for await (const schedule of this.temporal.schedule.list()) {
        if (!schedule.scheduleId.startsWith(prefix)) continue;
        const id = Number(schedule.scheduleId.slice(prefix.length));
        if (Number.isInteger(id) && !existing.has(id)) {
          await deleteDefinitionSchedule(this.temporal, this.config.TEMPORAL_ID_PREFIX, id);
        }
      }
    });
  }

  private async sync(definition: WorkflowDefinitionDocument): Promise<void> {
    const program = definition.program;
    if (program.trigger.type !== 'time_based') {
      await deleteDefinitionSchedule(this.temporal, this.config.TEMPORAL_ID_PREFIX, definition.id);
      return;
    }
    const trigger = program.trigger.config as { cron: string; timezone?: string };
    await upsertDefinitionSchedule(this.temporal, {
      idPrefix: this.config.TEMPORAL_ID_PREFIX,
      definitionId: definition.id,
      version: definition.version,
      cron: trigger.cron,
      timezone: trigger.timezone,
      paused: !definition.is_active,
      // A tick starts a run for every lead the filter matches: bulk work, which it and its children (on
      // their parent's queue) do on the bulk lane.
      taskQueue: laneTaskQueue(this.config.TEMPORAL_TASK_QUEUE, 'bulk'),
    });
  }
}
