import type { INestApplication } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { connectMongo, LeadsRepository } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  type PrivateTemporal,
  startPrivateTemporal,
  startWorkerProcess,
  until,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/** A request that does not wait on Temporal answers in this time, outage or not (no timing of speed). */
const ANSWERS_WITHIN_MS = 5_000;
/** What the issue asks of the relay once Temporal is back. */
const DRAINED_WITHIN_MS = 60_000;

/**
 * Decisions made while Temporal is down are stored, not lost: leads cross a threshold through `calculate`
 * and through an activity (the worker's rescoring job), and a field update fires a workflow, all while this
 * file's own Temporal is stopped. Every request answers at once; when Temporal is back the worker's relay
 * starts each run, and each runs exactly once (executions, effects and Temporal's own list agree).
 */
describe('qualification while Temporal is down', () => {
  let temporal: PrivateTemporal;
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;
  let config: ReturnType<typeof createTestContext>['config'];
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  /** The request's reply, refused unless it was 2xx within ANSWERS_WITHIN_MS. */
  async function promptly(method: string, path: string, body?: unknown) {
    const began = Date.now();
    const reply = await call(method, path, body);
    expect({ path, status: reply.status, fast: Date.now() - began < ANSWERS_WITHIN_MS }).toEqual({
      path,
      status: expect.any(Number) as number,
      fast: true,
    });
    expect(reply.status).toBeGreaterThanOrEqual(200);
    expect(reply.status).toBeLessThan(300);
    return reply;
  }

  const executionsOf = async (leadId: number) =>
    (await call('GET', `/api/lead-qualification/workflow-executions/?lead=${leadId}&page_size=50`)).body
      .results as { id: number; status: string; workflow_definition_id: number; start_attempts: number }[];

  beforeAll(async () => {
    temporal = await startPrivateTemporal();
    config = createTestContext({ TEMPORAL_ADDRESS: temporal.address }).config;
    [app, base, editor] = await startApi(config, 'editor');
    db = await connectMongo(config);
  });

  afterAll(async () => {
    killWorkerProcesses();
    await app.close();
    await db.close();
    await temporal.dispose();
  });

  it('stores every decision during the outage and runs each exactly once after it', async () => {
    // The decisions come from the requests below, not from the rescorings the rule saves would queue (run by
    // the worker once it starts, before the outage).
    expect(
      (
        await call('PUT', '/api/lead-qualification/scoring-settings/', {
          decay: null,
          rescore_on_publish: false,
        })
      ).status,
    ).toBe(200);
    for (const rule of [
      { name: 'Hot title', field_name: 'title', operator: 'equals', value: 'Hot', rule_type: 'demographic' },
      {
        name: 'Opened',
        field_name: 'email_opens_count',
        operator: 'greater_than',
        value: '0',
        rule_type: 'engagement',
      },
    ]) {
      expect(
        (await call('POST', '/api/lead-qualification/scoring-rules/', { ...rule, points: 60 })).status,
      ).toBe(201);
    }
    const threshold = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Follow up at 50',
        trigger_type: 'score_threshold',
        trigger_config: { score: 50 },
        action_type: 'create_task',
        action_config: { title: 'Call {{first_name}}', due_in_days: 1, priority: 'high' },
      })
    ).body as { id: number };
    const fieldUpdate = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Finance desk',
        trigger_type: 'field_update',
        trigger_config: { field: 'industry', value: 'Finance' },
        action_type: 'create_task',
        action_config: { title: 'Finance desk: {{first_name}}', due_in_days: 2, priority: 'medium' },
      })
    ).body as { id: number };
    // Made through the repository, so no rescoring job scores them before the outage.
    const leads = app.get(LeadsRepository);
    const byCalculate = await leads.create({ first_name: 'Calc', title: 'Hot' });
    const byActivity = await leads.create({ first_name: 'Opener' });
    const byEdit = await leads.create({ first_name: 'Editor', industry: 'Retail' });

    const worker = startWorkerProcess(workerEnv(config));
    await worker.ready();
    await temporal.stop();

    expect(
      (await promptly('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: byCalculate.id }))
        .body,
    ).toMatchObject({ score: 60 });
    await promptly('POST', `/api/leads/${byActivity.id}/activities/`, { type: 'email_opened' });
    await promptly('PATCH', `/api/leads/${byEdit.id}/`, { industry: 'Finance' });

    // The activity's crossing is decided by the worker's rescoring job; all three wait for Temporal, and the
    // relay has tried (and failed) to start them.
    const decided = await until(
      async () => [
        ...(await executionsOf(byCalculate.id)),
        ...(await executionsOf(byActivity.id)),
        ...(await executionsOf(byEdit.id)),
      ],
      (executions) =>
        executions.length === 3 &&
        executions.every((execution) => execution.status === 'pending') &&
        executions.some((execution) => execution.start_attempts > 0),
      { what: 'three decisions stored while Temporal is down, and a failed start', timeoutMs: 60_000 },
    );
    expect(decided.map((execution) => execution.workflow_definition_id).sort()).toEqual(
      [threshold.id, threshold.id, fieldUpdate.id].sort(),
    );

    // What needs Temporal itself (a run's history) is a 503 naming it, not a 500 or a hang.
    const history = await call(
      'GET',
      `/api/lead-qualification/workflow-executions/${decided[0]?.id}/history/`,
    );
    expect({ status: history.status, errors: history.body.errors }).toEqual({
      status: 503,
      errors: [{ field: '', code: 'TEMPORAL_UNAVAILABLE', message: 'temporal is unreachable' }],
    });

    const backlog = (await call('GET', '/api/lead-qualification/workflow-executions/backlog/')).body;
    expect(backlog).toMatchObject({ pending: { live: 3, bulk: 0 }, pending_total: 3 });
    expect(backlog.oldest_pending_age_seconds).toBeGreaterThan(0);
    expect(typeof backlog.last_start_error).toBe('string');

    const restartedAt = Date.now();
    await temporal.start();
    await until(
      async () =>
        Promise.all(
          decided.map(
            async (execution) =>
              (await call('GET', `/api/lead-qualification/workflow-executions/${execution.id}/`)).body
                .status as string,
          ),
        ),
      (statuses) => statuses.every((status) => status === 'completed'),
      { what: 'every decided run to complete once Temporal is back', timeoutMs: DRAINED_WITHIN_MS },
    );
    const drainedMs = Date.now() - restartedAt;
    expect((await call('GET', '/api/lead-qualification/workflow-executions/backlog/')).body).toMatchObject({
      pending_total: 0,
      oldest_pending_age_seconds: null,
    });

    // Exactly once: one execution per decision, one task per lead, one run per lead in Temporal's own list.
    const temporalClient = app.get(Client);
    for (const lead of [byCalculate, byActivity, byEdit]) {
      expect(await executionsOf(lead.id)).toHaveLength(1);
      expect(await db.collection('tasks').countDocuments({ lead_id: lead.id })).toBe(1);
      const runs: string[] = [];
      for await (const run of temporalClient.workflow.list({ query: `LeadId = '${lead.id}'` }))
        runs.push(run.workflowId);
      expect(runs).toHaveLength(1);
    }
    // Scored again, still above: the crossing does not fire a second time.
    await promptly('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: byCalculate.id });
    expect(await executionsOf(byCalculate.id)).toHaveLength(1);
    process.stdout.write(
      `temporal-outage: ${decided.length} decisions stored while down, all run once, drained ${drainedMs} ms after Temporal was back\n`,
    );
  }, 240_000);

  it('answers workflow saves at once while Temporal is down and brings its schedules in line after', async () => {
    const worker = startWorkerProcess(workerEnv(config));
    await worker.ready();
    const schedules = app.get(Client).schedule;
    const scheduleOf = (id: number) =>
      schedules.getHandle(`${config.TEMPORAL_ID_PREFIX}.workflow-definition-${id}`);
    const nightly = {
      name: 'Nightly nurture',
      trigger_type: 'time_based',
      trigger_config: { cron: '0 3 * * *' },
      action_type: 'change_status',
      action_config: { status: 'nurture' },
    };
    // One saved while Temporal is up, to be deleted during the outage.
    const doomed = (await call('POST', '/api/lead-qualification/workflows/', { ...nightly, name: 'Doomed' }))
      .body as {
      id: number;
    };
    await until(
      () =>
        scheduleOf(doomed.id)
          .describe()
          .then(
            () => true,
            () => false,
          ),
      (exists) => exists,
      { what: 'the schedule of a workflow saved while Temporal is up', timeoutMs: 30_000 },
    );

    await temporal.stop();
    const created = (await promptly('POST', '/api/lead-qualification/workflows/', nightly)).body as {
      id: number;
    };
    expect(created).toMatchObject({ schedule_pending: true });
    const deactivated = (
      await promptly('POST', '/api/lead-qualification/workflows/', { ...nightly, name: 'Paused nurture' })
    ).body as { id: number };
    await promptly('PATCH', `/api/lead-qualification/workflows/${deactivated.id}/`, { is_active: false });
    await promptly('DELETE', `/api/lead-qualification/workflows/${doomed.id}/`);
    const listed = (await call('GET', '/api/lead-qualification/workflows/?page_size=100')).body.results as {
      name: string;
    }[];
    expect(listed.filter((workflow) => workflow.name === 'Nightly nurture')).toHaveLength(1);

    await temporal.start();
    const [createdState, pausedState] = await until(
      () =>
        Promise.all(
          [created.id, deactivated.id].map((id) =>
            scheduleOf(id)
              .describe()
              .then(
                (description) => (description.state.paused ? 'paused' : 'active'),
                () => 'missing',
              ),
          ),
        ),
      (states) => states.every((state) => state !== 'missing') && states[1] === 'paused',
      { what: 'the schedules of workflows saved during the outage', timeoutMs: DRAINED_WITHIN_MS },
    );
    expect([createdState, pausedState]).toEqual(['active', 'paused']);
    await until(
      () =>
        scheduleOf(doomed.id)
          .describe()
          .then(
            () => 'exists',
            () => 'gone',
          ),
      (state) => state === 'gone',
      { what: 'the schedule of the workflow deleted during the outage to go', timeoutMs: DRAINED_WITHIN_MS },
    );
    expect((await call('GET', `/api/lead-qualification/workflows/${created.id}/`)).body).toMatchObject({
      schedule_pending: false,
      schedule_error: null,
    });
  }, 240_000);
});
