import { randomInt } from 'node:crypto';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import {
  deleteDefinitionSchedule,
  describeDefinitionSchedule,
  scheduleIdOf,
  upsertDefinitionSchedule,
} from '@leadflow/temporal/client';
import { connectTemporalWorker, createTemporalWorker } from '@leadflow/temporal/worker';
import type { ScheduleActivities, ScheduledTick } from '@leadflow/temporal/contracts/qualification';
import { createTestContext } from '@leadflow/test-harness';
import { program, recordingActivities } from '../fixtures/recording-activities';

/** A time-based workflow definition's Temporal Schedule, and one tick of it, on the real dev server. */
describe('time-based workflow schedules', () => {
  const { config } = createTestContext();
  // Schedule ids are per namespace, shared by every test file: a random definition id keeps them apart.
  const definitionId = 900_000 + randomInt(99_999);
  let clientConnection: Connection;
  let workerConnection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    workerConnection = await connectTemporalWorker(config);
  });

  afterAll(async () => {
    await deleteDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId);
    await clientConnection.close();
    await workerConnection.close();
  });

  it('creates, updates, pauses and deletes the schedule of a definition', async () => {
    const base = {
      idPrefix: config.TEMPORAL_ID_PREFIX,
      definitionId,
      version: 1,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      paused: false,
    };
    await upsertDefinitionSchedule(client, { ...base, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
    let description = await describeDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId);
    expect(description.scheduleId).toBe(scheduleIdOf(config.TEMPORAL_ID_PREFIX, definitionId));
    expect(description.spec.timezone).toBe('Europe/Berlin');
    expect(description.state.paused).toBe(false);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'scheduledTickWorkflow',
    });
    expect(description.action.args).toEqual([
      { definition_id: definitionId, version: 1, id_prefix: config.TEMPORAL_ID_PREFIX },
    ]);

    await upsertDefinitionSchedule(client, { ...base, version: 2, cron: '30 2 * * *', paused: true });
    description = await describeDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId);
    expect(description.state.paused).toBe(true);
    expect(description.spec.timezone).toBe('UTC');
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }] });
    expect(description.action.args).toEqual([
      { definition_id: definitionId, version: 2, id_prefix: config.TEMPORAL_ID_PREFIX },
    ]);

    await deleteDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId);
    await expect(
      describeDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId),
    ).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(
      deleteDefinitionSchedule(client, config.TEMPORAL_ID_PREFIX, definitionId),
    ).resolves.toBeUndefined();
  });

  it('starts one qualification run per matching lead when the schedule ticks', async () => {
    const matchingLeads = [3, 8, 21];
    const { recorder, ...qualificationActivities } = recordingActivities(
      { [definitionId]: program('workflow-time-based-stale.json') },
      { clicks: 0 },
    );
    const ticks: ScheduledTick[] = [];
    const activities = {
      ...qualificationActivities,
      // Two pages, as the persistence-backed activity will hand them out.
      findScheduledLeads: ((tick, afterLeadId) => {
        ticks.push(tick);
        const rest = matchingLeads.filter((id) => id > afterLeadId);
        const page = rest.slice(0, 2);
        return Promise.resolve({ lead_ids: page, next_after_lead_id: rest.length > 2 ? page.at(-1)! : null });
      }) satisfies ScheduleActivities['findScheduledLeads'],
    };
    const worker = await createTemporalWorker({
      connection: workerConnection,
      config,
      workflowsPath: require.resolve('../../temporal/workflows'),
      activities,
    });
    await worker.runUntil(async () => {
      await upsertDefinitionSchedule(client, {
        idPrefix: config.TEMPORAL_ID_PREFIX,
        definitionId,
        version: 1,
        cron: '0 0 1 1 *',
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        paused: false,
      });
      await client.schedule.getHandle(scheduleIdOf(config.TEMPORAL_ID_PREFIX, definitionId)).trigger();
      const deadline = Date.now() + 30_000;
      while (recorder.actions.length < matchingLeads.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    expect(recorder.actions.map((action) => action.lead_id).sort((a, b) => a - b)).toEqual(matchingLeads);
    expect(new Set(recorder.actions.map((action) => action.workflow_id)).size).toBe(3);
    // Both pages name the same tick, so their runs are recorded under the ids the children start with.
    expect(ticks).toHaveLength(2);
    expect(ticks[0]).toMatchObject({
      definition_id: definitionId,
      version: 1,
      id_prefix: config.TEMPORAL_ID_PREFIX,
    });
    expect(ticks[1]?.tick_id).toBe(ticks[0]?.tick_id);
    expect(recorder.actions[0]?.workflow_id).toMatch(
      new RegExp(
        `^${config.TEMPORAL_ID_PREFIX}\\.qualification-${definitionId}-lead-\\d+-${config.TEMPORAL_ID_PREFIX}\\.tick-${definitionId}`,
      ),
    );
  });
});
