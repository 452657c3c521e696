import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { LeadEventInput } from '@leadflow/temporal/contracts/qualification';
import { cancelRunSignal, leadEventWorkflow, runProgressQuery } from '@leadflow/temporal/workflows';
import { timelineOf } from '@leadflow/qualification-runs';
import { repoRoot, temporalTestServerPath } from '@leadflow/test-harness';
import { program, recordingActivities } from '../fixtures/recording-activities';

/**
 * One Temporal run per lead event: every definition the event fired, side by side, each with its own
 * outcome, effects (keyed by its execution), cancel signal and progress, against Temporal's time-skipping
 * test server with the recording activities (test/fixtures/recording-activities.ts).
 */
describe('lead event workflow', () => {
  let env: TestWorkflowEnvironment;
  const taskQueue = 'lead-event-interpreter';
  const workflowsPath = require.resolve('../../temporal/workflows');

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    });
  });

  afterAll(async () => {
    await env.teardown();
  });

  const programs = {
    1: program('workflow-guide-1-assign-hot-leads.json'),
    2: program('workflow-multi-step-hot-lead.json'),
    4: program('workflow-guide-4-qualified-status.json'),
  };
  const key = (definitionId: number, input: Pick<LeadEventInput, 'lead_id' | 'event_id'>) =>
    `q-${definitionId}-${input.lead_id}-${input.event_id}`;
  const inputOf = (leadId: number, eventId: string, definitions: number[]): LeadEventInput => ({
    lead_id: leadId,
    event_id: eventId,
    runs: definitions.map((definitionId) => ({
      execution_key: key(definitionId, { lead_id: leadId, event_id: eventId }),
      definition_id: definitionId,
      version: 1,
    })),
  });

  async function runEvent(
    activities: ReturnType<typeof recordingActivities>,
    input: LeadEventInput,
    during?: (workflowId: string) => Promise<void>,
  ) {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities,
    });
    const workflowId = `le-${input.lead_id}-${input.event_id}`;
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(leadEventWorkflow, {
        taskQueue,
        workflowId,
        args: [input],
      });
      if (during) await during(workflowId);
      const result = await handle.result();
      const history = await handle.fetchHistory();
      // RECORD_HISTORIES=1 keeps it for the replay test (qualification-replay.test.ts).
      if (process.env.RECORD_HISTORIES === '1') {
        const dir = join(repoRoot, 'test', 'fixtures', 'histories');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${workflowId}.json`), historyToJSON(history));
      }
      return { result, history };
    });
  }

  it('runs every definition of the event, each recording its own outcome and effects; one failing stops no other', async () => {
    const activities = recordingActivities(programs, { clicks: 1, invalid: ['change_status'] });
    const input = inputOf(21, 'e1', [1, 4, 2]);
    const { result, history } = await runEvent(activities, input);

    expect(Object.keys(result)).toEqual([key(1, input), key(4, input), key(2, input)]);
    expect(result[key(1, input)]).toMatchObject({ status: 'completed' });
    expect(result[key(4, input)]).toMatchObject({
      status: 'failed',
      error: 'bad config for change_status',
      steps: [{ step_id: 's1', outcome: 'failed', attempts: 1 }],
    });
    expect(result[key(2, input)]).toMatchObject({ status: 'completed' });
    for (const run of input.runs) {
      expect(activities.recorder.outcomes.get(run.execution_key)).toEqual(result[run.execution_key]);
    }
    // Each effect is keyed by its definition's execution, not by the shared Temporal run.
    const byKey = (executionKey: string) =>
      activities.recorder.actions
        .filter((action) => action.workflow_id === executionKey)
        .map((a) => a.action_type);
    expect(byKey(key(1, input))).toEqual(['assign_owner']);
    expect(byKey(key(2, input))).toEqual(['assign_owner', 'send_email', 'create_task', 'move_to_stage']);
    expect(byKey(key(4, input))).toEqual([]);

    // The shared history splits into each definition's timeline by the summary its commands carry. The
    // programs were loaded for all at once (in each timeline); a run whose last action worked had it record
    // the outcome.
    const events = history.events ?? [];
    const own = (definitionId: number) => timelineOf(events, key(definitionId, input));
    expect(own(1).map((entry) => entry.kind === 'activity' && entry.activity_type)).toEqual([
      'loadPrograms',
      'runAction',
    ]);
    expect(own(4)).toEqual([
      expect.objectContaining({ activity_type: 'loadPrograms', status: 'completed' }),
      expect.objectContaining({ activity_type: 'runAction', status: 'failed' }),
      expect.objectContaining({ activity_type: 'recordOutcome', status: 'completed' }),
    ]);
    const shared = 1;
    const multiStep = own(2);
    expect(multiStep.filter((entry) => entry.kind === 'timer')).toHaveLength(1);
    expect(
      multiStep.filter((entry) => entry.kind === 'activity' && entry.activity_type === 'runAction'),
    ).toHaveLength(4);
    expect(own(1).length + own(2).length + own(4).length - 2 * shared).toBe(timelineOf(events).length);
  });

  it('cancels one definition by its execution key and answers its progress; the others go on', async () => {
    const activities = recordingActivities(programs, { clicks: 1 });
    const input = inputOf(22, 'e2', [1, 2]);
    const { result, history } = await runEvent(activities, input, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      // Wait (in workflow time, without skipping past the timer) until definition 2 reached its delay.
      for (let i = 0; i < 100; i++) {
        const progress = await handle.query(runProgressQuery, key(2, input));
        if ((progress?.steps.length ?? 0) >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await handle.query(runProgressQuery, key(2, input))).toMatchObject({
        status: 'running',
        steps: [{ step_id: 's1' }, { step_id: 's2' }],
      });
      expect(await handle.query(runProgressQuery, 'not-a-run-of-this-event')).toBeNull();
      await handle.signal(cancelRunSignal, key(2, input), 'lead unsubscribed');
    });
    expect(result[key(1, input)]).toMatchObject({ status: 'completed' });
    expect(result[key(2, input)]).toMatchObject({ status: 'cancelled' });
    expect(result[key(2, input)]?.steps.at(-1)).toMatchObject({ kind: 'delay', outcome: 'skipped' });
    const events = history.events ?? [];
    expect(timelineOf(events, key(2, input)).filter((entry) => entry.kind === 'signal')).toEqual([
      expect.objectContaining({ name: 'cancelRun' }),
    ]);
    expect(timelineOf(events, key(1, input)).filter((entry) => entry.kind === 'signal')).toEqual([]);
  });

  it('fails only the definition whose program cannot be loaded; the others run', async () => {
    const activities = recordingActivities(programs, { clicks: 1 });
    // Definition 99 has no program: loading them all at once fails, so each run loads its own.
    const input = inputOf(23, 'e3', [1, 99]);
    const { result } = await runEvent(activities, input);
    expect(result[key(1, input)]).toMatchObject({ status: 'completed' });
    expect(result[key(99, input)]).toMatchObject({ status: 'failed', error: 'no workflow 99' });
    expect(activities.recorder.outcomes.get(key(99, input))).toMatchObject({ status: 'failed' });
    expect(activities.recorder.actions.map((action) => action.workflow_id)).toEqual([key(1, input)]);
  });
});
