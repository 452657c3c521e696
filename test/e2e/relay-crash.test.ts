import type { INestApplication } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { connectMongo, LeadsRepository } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  startWorkerProcess,
  until,
  waitForExecution,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/**
 * The worker dies between "decision stored" and "workflow started": a test hook makes its relay SIGKILL its
 * own process right after it has taken the due runs and before it hands them to Temporal. A new worker takes
 * them over once the claim runs out, and every run starts, and has its effect, exactly once.
 */
describe('a worker killed between a stored decision and its Temporal start', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
    db = await connectMongo(config);
  });

  afterAll(async () => {
    killWorkerProcesses();
    await app.close();
    await db.close();
  });

  it('loses nothing and doubles nothing', async () => {
    expect(
      (
        await call('POST', '/api/lead-qualification/scoring-rules/', {
          name: 'Hot title',
          rule_type: 'demographic',
          field_name: 'title',
          operator: 'equals',
          value: 'Hot',
          points: 70,
        })
      ).status,
    ).toBe(201);
    await call('POST', '/api/lead-qualification/workflows/', {
      name: 'Follow up at 60',
      trigger_type: 'score_threshold',
      trigger_config: { score: 60 },
      action_type: 'create_task',
      action_config: { title: 'Call {{first_name}}', due_in_days: 1, priority: 'high' },
    });
    const leads = app.get(LeadsRepository);
    const crossing = [];
    for (let i = 0; i < 5; i++) crossing.push(await leads.create({ first_name: `Hot ${i}`, title: 'Hot' }));
    for (const lead of crossing) {
      const reply = await call('POST', '/api/lead-qualification/lead-scores/calculate/', {
        lead_id: lead.id,
      });
      expect(reply.body).toMatchObject({ score: 70 });
    }
    const executions = db.collection('workflow_executions');
    expect(await executions.countDocuments({ status: 'pending' })).toBe(5);

    const doomed = startWorkerProcess(
      workerEnv(config, { NODE_ENV: 'test', RELAY_TEST_KILL_BEFORE_START: 'true' }),
    );
    const death = await until(
      () => doomed.child.signalCode ?? doomed.child.exitCode,
      (ended) => ended !== null,
      { what: 'the worker with the test hook to kill itself', timeoutMs: 60_000 },
    );
    expect(death).toBe('SIGKILL');
    // It had claimed them (held until its claim runs out) and started none.
    const claimed = await executions.find({}).toArray();
    expect(claimed.map((execution) => execution.status)).toEqual(Array(5).fill('pending'));
    expect(claimed.every((execution) => (execution.start_after as Date).getTime() > Date.now())).toBe(true);

    const next = startWorkerProcess(workerEnv(config));
    await next.ready();
    for (const execution of claimed) {
      expect((await waitForExecution(base, editor, execution.id as number)).status).toBe('completed');
    }
    const temporal = app.get(Client);
    for (const lead of crossing) {
      expect(await db.collection('tasks').countDocuments({ lead_id: lead.id })).toBe(1);
      expect(await executions.countDocuments({ lead_id: lead.id })).toBe(1);
      const runs = await until(
        async () => {
          const found: string[] = [];
          // The shared Temporal holds other test files' leads of the same id: this file's prefix tells.
          for await (const run of temporal.workflow.list({ query: `LeadId = '${lead.id}'` })) {
            if (run.workflowId.startsWith(`${config.TEMPORAL_ID_PREFIX}.`)) found.push(run.workflowId);
          }
          return found;
        },
        (found) => found.length > 0,
        { what: `lead ${lead.id}'s run in Temporal's list`, timeoutMs: 10_000 },
      );
      expect(runs).toHaveLength(1);
    }
  }, 180_000);

  it('fails a run whose lead was deleted at once, with the domain code, after one attempt', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Wait, then qualify',
        trigger_type: 'manual',
        steps: [{ delay: 'PT3S' }, { action: 'change_status', config: { status: 'qualified' } }],
      })
    ).body as { id: number };
    const worker = startWorkerProcess(workerEnv(config));
    await worker.ready();
    const lead = await app.get(LeadsRepository).create({ first_name: 'Gone' });
    const started = (
      await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, { lead_id: lead.id })
    ).body as { id: number };
    await until(
      () => call('GET', `/api/lead-qualification/workflow-executions/${started.id}/`),
      (reply) => reply.body.status === 'running',
      { what: 'the run to start', timeoutMs: 30_000 },
    );
    expect((await call('DELETE', `/api/leads/${lead.id}/`)).status).toBe(204);

    const ended = await waitForExecution(base, editor, started.id);
    expect(ended).toMatchObject({ status: 'failed', attempts: 1 });
    expect(String(ended.error)).toMatch(/^LEAD_NOT_FOUND: lead \d+ does not exist/);
    const timeline = (
      await call('GET', `/api/lead-qualification/workflow-executions/${started.id}/timeline/`)
    ).body as { kind?: string; attempts?: number; failure?: string }[];
    const action = timeline.find((entry) => JSON.stringify(entry).includes('LEAD_NOT_FOUND'));
    expect(action).toBeDefined();
  }, 120_000);
});
