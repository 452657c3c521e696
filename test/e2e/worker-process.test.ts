import { type ChildProcess, spawn } from 'node:child_process';
import { createTestContext, ensureBuilt, repoRoot } from '@leadflow/test-harness';

const WORKER_SOURCES = [
  'apps/worker/src',
  'libs/config/src',
  'libs/jobs/src',
  'libs/persistence/src',
  'libs/scoring/src',
  'libs/engine/src',
  'libs/domain/src',
  'dsl/src',
  'temporal',
];

interface Exit {
  code: number | null;
  output: string;
}

function startWorker(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<Exit>;
} {
  const main = ensureBuilt('dist/apps/worker/src/main.js', WORKER_SOURCES);
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code) => {
      resolve({ code, output });
    }),
  );
  started.push(child);
  return { child, output: () => output, exited };
}

async function waitForOutput(read: () => string, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`worker never printed "${text}"; output:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const started: ChildProcess[] = [];

describe('the worker process', () => {
  const { config } = createTestContext();

  afterEach(() => {
    // A failed assertion must not leave a worker running after the suite.
    for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  const env = {
    MONGO_URL: config.MONGO_URL,
    MONGO_DB: config.MONGO_DB,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    SHUTDOWN_TIMEOUT_MS: '10000',
  };

  it('starts against the real services and stops cleanly on SIGTERM', async () => {
    const worker = startWorker(env);
    await waitForOutput(worker.output, '"msg":"worker started"');
    worker.child.kill('SIGTERM');
    const { code, output } = await worker.exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"worker stopping"');
    expect(output).toContain('"msg":"worker stopped"');
  });

  it('exits non-zero naming the dependency it cannot reach', async () => {
    const { code, output } = await startWorker({ ...env, REDIS_URL: 'redis://127.0.0.1:9' }).exited;
    expect(code).toBe(1);
    expect(output).toMatch(
      /leadflow worker: cannot start: Redis at redis:\/\/127\.0\.0\.1:9 is unreachable \(.*ECONNREFUSED/,
    );
    expect(output).not.toContain('MongoDB at');
  });

  it('exits non-zero with one line naming a malformed variable', async () => {
    const { code, output } = await startWorker({ ...env, SHUTDOWN_TIMEOUT_MS: 'soon' }).exited;
    expect(code).toBe(1);
    expect(output.trim()).toMatch(/^leadflow worker: Invalid configuration: SHUTDOWN_TIMEOUT_MS="soon"/);
  });
});
