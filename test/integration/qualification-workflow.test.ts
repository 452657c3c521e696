import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import {
  mostAttempts,
  type QualificationActivities,
  type QualificationInput,
} from '@leadflow/temporal/contracts/qualification';
import { cancelSignal, progressQuery, qualificationWorkflow } from '@leadflow/temporal/workflows';
import { repoRoot, temporalTestServerPath } from '@leadflow/test-harness';
import { program, recordingActivities } from '../fixtures/recording-activities';

/**
 * The interpreter against Temporal's time-skipping test server: delays of an hour pass at once, retries and
 * failures go through the real SDK. The activities are small recording implementations of the activity
 * contract (test/fixtures/recording-activities.ts), so each test decides what the lead looks like and which
 * action fails.
 */
describe('qualification workflow interpreter', () => {
  let env: TestWorkflowEnvironment;
  const taskQueue = 'qualification-interpreter';
  const workflowsPath = require.resolve('../../temporal/workflows');

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    });
  });

  afterAll(async () => {
    await env.teardown();
  });

  async function runProgram(
    activities: QualificationActivities,
    input: QualificationInput,
    during?: (workflowId: string) => Promise<void>,
  ) {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities,
    });
    const workflowId = `q-${input.definition_id}-${input.lead_id}-${input.event_id}`;
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(qualificationWorkflow, {
        taskQueue,
        workflowId,
        args: [input],
      });
      if (during) await during(workflowId);
      const result = await handle.result();
      await keepHistory(workflowId);
      return { result, handle };
    });
  }

  /**
   * With RECORD_HISTORIES=1 each run's history is written to test/fixtures/histories, for the replay test
   * that keeps later changes to the workflow code from breaking executions already running.
   */
  async function keepHistory(workflowId: string): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const dir = join(repoRoot, 'test', 'fixtures', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${workflowId}.json`), historyToJSON(history));
  }

  it("runs the guide's single-action workflow as one action step", async () => {
    const activities = recordingActivities(
      { 1: program('workflow-guide-1-assign-hot-leads.json') },
      { clicks: 0 },
    );
    const { result } = await runProgram(activities, {
      definition_id: 1,
      version: 1,
      lead_id: 123,
      event_id: 'e1',
    });
    expect(result.status).toBe('completed');
    expect(activities.recorder.outcomes.get('q-1-123-e1')).toEqual(result);
    expect(activities.recorder.actions).toEqual([
      expect.objectContaining({
        step_id: 's1',
        lead_id: 123,
        action_type: 'assign_owner',
        config: { owner_id: 5 },
      }),
    ]);
    expect(activities.recorder.actions[0]?.workflow_id).toBe('q-1-123-e1');
  });

  it('waits out the delay on a durable timer and takes the then-branch when the condition holds', async () => {
    const activities = recordingActivities(
      { 2: program('workflow-multi-step-hot-lead.json') },
      { clicks: 2 },
    );
    const started = await env.currentTimeMs();
    const { result } = await runProgram(activities, {
      definition_id: 2,
      version: 1,
      lead_id: 7,
      event_id: 'e2',
    });
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(started + 60 * 60 * 1000);
    expect(activities.recorder.actions.map((action) => action.action_type)).toEqual([
      'assign_owner',
      'send_email',
      'create_task',
      'move_to_stage',
    ]);
    expect(result.steps.find((step) => step.kind === 'branch')).toMatchObject({ branch: 'then' });
    expect(result.steps.find((step) => step.kind === 'delay')).toMatchObject({ outcome: 'completed' });
  });

  it('takes the else-branch and retries a failing action with backoff until it succeeds', async () => {
    const activities = recordingActivities(
      { 2: program('workflow-multi-step-hot-lead.json') },
      { clicks: 0, failFirst: { webhook: 2 } },
    );
    const { result } = await runProgram(activities, {
      definition_id: 2,
      version: 1,
      lead_id: 8,
      event_id: 'e3',
    });
    expect(result.status).toBe('completed');
    expect(activities.recorder.actions.map((action) => action.action_type)).toEqual([
      'assign_owner',
      'send_email',
      'add_to_campaign',
      'webhook',
    ]);
    const webhookStep = activities.recorder.actions.find(
      (action) => action.action_type === 'webhook',
    )!.step_id;
    expect(activities.recorder.attempts.get(webhookStep)).toBe(3);
    // The run records each step's attempts; the execution's `attempts` is the most of them.
    expect(result.steps.find((step) => step.step_id === webhookStep)).toMatchObject({ attempts: 3 });
    expect(result.steps.filter((step) => step.kind === 'action').map((step) => step.attempts)).toEqual([
      1, 1, 1, 3,
    ]);
    expect(mostAttempts(result.steps)).toBe(3);
  });

  it('records every attempt of an action that fails until its retry policy gives up', async () => {
    const activities = recordingActivities(
      { 1: program('workflow-guide-1-assign-hot-leads.json') },
      { clicks: 0, failFirst: { assign_owner: 99 } },
    );
    await expect(
      runProgram(activities, { definition_id: 1, version: 1, lead_id: 12, event_id: 'e7' }),
    ).rejects.toBeInstanceOf(WorkflowFailedError);
    // The default policy: 5 attempts with exponential backoff from 1 s (skipped through here).
    expect(activities.recorder.attempts.get('s1')).toBe(5);
    expect(activities.recorder.outcomes.get('q-1-12-e7')).toMatchObject({
      status: 'failed',
      steps: [{ step_id: 's1', outcome: 'failed', attempts: 5 }],
    });
  });

  it('fails at once, without retries, when an action reports a validation error', async () => {
    const activities = recordingActivities(
      { 1: program('workflow-guide-1-assign-hot-leads.json') },
      { clicks: 0, invalid: ['assign_owner'] },
    );
    await expect(
      runProgram(activities, { definition_id: 1, version: 1, lead_id: 9, event_id: 'e4' }),
    ).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(activities.recorder.attempts.get('s1')).toBe(1);
    // The failure is reported to the execution record before the run fails.
    expect(activities.recorder.outcomes.get('q-1-9-e4')).toMatchObject({
      status: 'failed',
      error: 'bad config for assign_owner',
      steps: [{ step_id: 's1', outcome: 'failed', attempts: 1 }],
    });
  });

  it('answers the progress query and stops at a cancel signal, cutting a delay short', async () => {
    const activities = recordingActivities(
      { 2: program('workflow-multi-step-hot-lead.json') },
      { clicks: 1 },
    );
    const { result } = await runProgram(
      activities,
      { definition_id: 2, version: 1, lead_id: 10, event_id: 'e5' },
      async (workflowId) => {
        const handle = env.client.workflow.getHandle(workflowId);
        // Wait (in workflow time, without skipping past the timer) until the two actions before the delay ran.
        for (let i = 0; i < 100; i++) {
          const progress = await handle.query(progressQuery);
          if (progress.steps.length >= 2) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const progress = await handle.query(progressQuery);
        expect(progress.status).toBe('running');
        expect(progress.steps.map((step) => step.step_id)).toEqual(['s1', 's2']);
        await handle.signal(cancelSignal, 'lead unsubscribed');
      },
    );
    expect(result.status).toBe('cancelled');
    expect(activities.recorder.actions.map((action) => action.action_type)).toEqual([
      'assign_owner',
      'send_email',
    ]);
    expect(result.steps.at(-1)).toMatchObject({ kind: 'delay', outcome: 'skipped' });
  });

  it('refuses to run a program version other than the one it was started with', async () => {
    const activities = recordingActivities(
      { 1: program('workflow-guide-1-assign-hot-leads.json', 2) },
      { clicks: 0 },
    );
    await expect(
      runProgram(activities, { definition_id: 1, version: 1, lead_id: 11, event_id: 'e6' }),
    ).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(activities.recorder.actions).toEqual([]);
  });
});
