import type { INestApplication } from '@nestjs/common';
import { connectMongo, LeadsRepository } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  startWorkerProcess,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { persistenceOn } from '../harness/persistence';
import type { Connection } from 'mongoose';

const RUNS = 50;

/**
 * At-least-once made exactly-once: the worker is SIGKILLed while 50 executions are in flight (most of them
 * waiting on a durable timer, some mid-action), a new worker takes over, and every execution completes
 * with each of its effects present exactly once.
 */
describe('a worker killed in the middle of 50 executions', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
    db = await connectMongo(config);
  });

  afterAll(async () => {
    killWorkerProcesses();
    await app.close();
    await db.close();
  });

  it('completes every execution after a restart, each effect once', async () => {
    const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Task, pause, notify',
        trigger_type: 'manual',
        steps: [
          {
            action: 'create_task',
            config: { title: 'Call {{first_name}}', priority: 'high', due_in_days: 1 },
          },
          { delay: 'PT4S' },
          { action: 'send_notification', config: { message: 'Followed up {{first_name}}' } },
        ],
      })
    ).body;
    // Leads made through the repository queue no rescoring, so only the workflow writes to them.
    const leads = (await persistenceOn(db)).get(LeadsRepository);
    await leads.onModuleInit();
    const leadIds: number[] = [];
    for (let i = 0; i < RUNS; i++)
      leadIds.push((await leads.create({ first_name: `Lead${i}`, status: 'new' })).id);

    const first = startWorkerProcess(workerEnv(config));
    await first.ready();
    const executionIds: number[] = [];
    for (const leadId of leadIds) {
      const started = await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, {
        lead_id: leadId,
      });
      expect(started.status).toBe(201);
      executionIds.push(started.body.id as number);
    }
    const tasks = db.collection('tasks');
    const deadline = Date.now() + 60_000;
    while ((await tasks.countDocuments()) < RUNS / 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const completedBeforeRestart = await db
      .collection('workflow_executions')
      .countDocuments({ status: 'completed' });
    expect(completedBeforeRestart).toBeLessThan(RUNS);

    const second = startWorkerProcess(workerEnv(config));
    await second.ready();
    const finishBy = Date.now() + 120_000;
    let statuses: string[] = [];
    while (Date.now() < finishBy) {
      statuses = (
        await db
          .collection('workflow_executions')
          .find({}, { projection: { status: 1 } })
          .toArray()
      ).map((execution) => String(execution.status));
      if (
        statuses.length === RUNS &&
        statuses.every((status) => status !== 'running' && status !== 'pending')
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses.filter((status) => status === 'completed')).toHaveLength(RUNS);

    const taskLeads = (await tasks.find({}, { projection: { lead_id: 1 } }).toArray()).map((task) =>
      Number(task.lead_id),
    );
    expect(taskLeads).toHaveLength(RUNS);
    expect(new Set(taskLeads).size).toBe(RUNS);
    const notificationLeads = (
      await db
        .collection('notifications')
        .find({}, { projection: { lead_id: 1 } })
        .toArray()
    ).map((notification) => Number(notification.lead_id));
    expect(notificationLeads).toHaveLength(RUNS);
    expect(new Set(notificationLeads).size).toBe(RUNS);
    expect(executionIds).toHaveLength(RUNS);
  }, 240_000);
});
