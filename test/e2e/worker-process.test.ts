import {
  createTestContext,
  killWorkerProcesses,
  startWorkerProcess,
  workerEnv,
} from '@leadflow/test-harness';

describe('the worker process', () => {
  const { config } = createTestContext();
  const env = workerEnv(config, { SHUTDOWN_TIMEOUT_MS: '10000' });

  // A failed assertion must not leave a worker running after the suite.
  afterEach(killWorkerProcesses);

  it('starts against the real services and stops cleanly on SIGTERM', async () => {
    const worker = startWorkerProcess(env);
    await worker.ready();
    worker.child.kill('SIGTERM');
    const { code, output } = await worker.exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"worker stopping"');
    expect(output).toContain('"msg":"worker stopped"');
  });

  it('exits non-zero naming the dependency it cannot reach', async () => {
    const { code, output } = await startWorkerProcess({ ...env, REDIS_URL: 'redis://127.0.0.1:9' }).exited;
    expect(code).toBe(1);
    expect(output).toMatch(
      /leadflow worker: cannot start: Redis at redis:\/\/127\.0\.0\.1:9 is unreachable \(.*ECONNREFUSED/,
    );
    expect(output).not.toContain('MongoDB at');
  });

  it('exits non-zero with one line naming a malformed variable', async () => {
    const { code, output } = await startWorkerProcess({ ...env, SHUTDOWN_TIMEOUT_MS: 'soon' }).exited;
    expect(code).toBe(1);
    expect(output.trim()).toMatch(/^leadflow worker: Invalid configuration: SHUTDOWN_TIMEOUT_MS="soon"/);
  });
});
