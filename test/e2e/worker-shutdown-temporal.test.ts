// A worker process stopped with SIGTERM while a Temporal activity is in flight lets that activity finish:
// the webhook it is waiting on is answered, Temporal records the activity as completed at its first attempt,
// the worker exits 0, and the next worker finishes the run. Real API, Temporal dev server, MongoDB, Redis and
// the built worker; the webhook goes to a real HTTP server on loopback.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Config } from '@leadflow/config';
import { connectMongo } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  type Reply,
  startWorkerProcess,
  until,
  waitForExecution,
  workerEnv,
  type WorkerProcess,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/**
 * A webhook receiver that holds each request until the test releases it, so a test can act while the
 * activity that called it is in flight. `answered` says how the held response ended: sent in full, or the
 * connection closed before that (the caller gave up or was killed).
 */
interface HeldWebhook {
  hostPort: string;
  url: string;
  calls: number;
  arrived: Promise<void>;
  release(): void;
  answered: Promise<'sent' | 'closed before the answer'>;
  close(): Promise<void>;
}

async function startHeldWebhook(): Promise<HeldWebhook> {
  let arrive!: () => void;
  let release!: () => void;
  let answer!: (how: 'sent' | 'closed before the answer') => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const answered = new Promise<'sent' | 'closed before the answer'>((resolve) => (answer = resolve));
  const held: HeldWebhook = {
    hostPort: '',
    url: '',
    calls: 0,
    arrived,
    release,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
  const server = createServer((request, response) => {
    held.calls += 1;
    request.resume();
    response.on('close', () => {
      answer(response.writableFinished ? 'sent' : 'closed before the answer');
    });
    arrive();
    void released.then(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  held.hostPort = `127.0.0.1:${port}`;
  held.url = `http://127.0.0.1:${port}/crm/hold`;
  return held;
}

/** Waits until the worker process logs that its Temporal worker reached `state`; throws if it exits first. */
async function untilTemporalWorkerState(worker: WorkerProcess, state: string): Promise<void> {
  const reached = (line: string) =>
    line.includes('"msg":"Worker state changed"') && line.includes(`"state":"${state}"`);
  await until(
    () => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null)
        throw new Error(`worker exited before its Temporal worker was ${state}:\n${worker.output()}`);
      return worker.output();
    },
    (output) => output.split('\n').some(reached),
    { what: `the worker to log that its Temporal worker is ${state}`, timeoutMs: 60_000, intervalMs: 50 },
  );
}

describe('graceful worker shutdown with a Temporal activity in flight', () => {
  let hook: HeldWebhook;
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let config: Config;
  let env: Record<string, string>;
  const call = (method: string, path: string, body?: unknown): Promise<Reply> =>
    callApi(base, method, path, editor, body);

  beforeAll(async () => {
    hook = await startHeldWebhook();
    ({ config } = createTestContext({ OUTBOUND_ALLOW_PRIVATE_HOSTS: hook.hostPort }));
    // A grace time far beyond the held call: the activity must finish by itself, not be cut off.
    env = workerEnv(config, { OUTBOUND_ALLOW_PRIVATE_HOSTS: hook.hostPort, SHUTDOWN_TIMEOUT_MS: '20000' });
    [app, base, editor] = await startApi(config, 'editor');
  });

  afterEach(killWorkerProcesses);

  afterAll(async () => {
    hook.release();
    await app.close();
    await hook.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('lets the running activity finish on SIGTERM, exits 0, and the next worker completes the run', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Tell the CRM, slowly',
        trigger_type: 'manual',
        action_type: 'webhook',
        action_config: { url: hook.url },
      })
    ).body as { id: number };
    const lead = (await call('POST', '/api/leads/', { first_name: 'Ada', email: 'ada@acme.example' }))
      .body as { id: number };

    const first = startWorkerProcess(env);
    await first.ready(90_000);
    const started = await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, {
      lead_id: lead.id,
    });
    expect(started.status).toBe(201);
    const executionId = (started.body as { id: number }).id;

    // The webhook activity is running and waits on the receiver; now stop the worker.
    await hook.arrived;
    first.child.kill('SIGTERM');
    // Answer only once the Temporal worker is draining, so the activity is in flight as shutdown begins.
    await untilTemporalWorkerState(first, 'DRAINING');
    // Hold the answer a while longer: a worker that did not wait for its activity would be gone by then, its
    // connection reset, and the activity left to time out and retry.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // Still running, held by its activity: a worker that exited without waiting cannot pass from here on.
    expect(first.child.exitCode).toBeNull();
    expect(first.child.signalCode).toBeNull();
    hook.release();
    expect(await hook.answered).toBe('sent');
    const { code, output } = await first.exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
    expect(output).not.toContain('shutdown deadline passed');

    // The action is a local activity: its result reaches Temporal with the workflow task, which the stopped
    // worker may not have completed. The next worker completes the run; the effect ledger has the webhook
    // as sent, so nobody is called again.
    const second = startWorkerProcess(env);
    await second.ready(90_000);
    expect(await waitForExecution(base, editor, executionId)).toMatchObject({
      status: 'completed',
      attempts: 1,
      error: null,
    });
    const timeline = (
      await call('GET', `/api/lead-qualification/workflow-executions/${executionId}/timeline/`)
    ).body as { activity_type?: string; status: string; attempts?: number }[];
    expect(timeline.filter((entry) => entry.activity_type === 'runAction')).toEqual([
      expect.objectContaining({ status: 'completed', attempts: 1 }),
    ]);
    expect(hook.calls).toBe(1);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    // The first worker start may build the worker (ensureBuilt) before it runs.
  }, 240_000);
});
