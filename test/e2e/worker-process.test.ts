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

  // Port 9 (discard) on loopback: nothing listens there, so each connect is refused at once. Each case breaks
  // one dependency and leaves the other two reachable, so the one line names exactly the broken one.
  it.each([
    [
      'Redis',
      { REDIS_URL: 'redis://127.0.0.1:9' },
      /Redis at redis:\/\/127\.0\.0\.1:9 is unreachable \(.*ECONNREFUSED/,
    ],
    [
      'MongoDB',
      { MONGO_URL: 'mongodb://127.0.0.1:9' },
      /MongoDB at mongodb:\/\/127\.0\.0\.1:9 is unreachable \(.*ECONNREFUSED/,
    ],
    [
      'Temporal',
      { TEMPORAL_ADDRESS: '127.0.0.1:9' },
      /Temporal at 127\.0\.0\.1:9 is unreachable \(.*(ECONNREFUSED|Connection refused)/,
    ],
  ])('exits non-zero with one line naming %s when it cannot reach it', async (name, broken, reason) => {
    const { code, output } = await startWorkerProcess({ ...env, ...broken }).exited;
    expect(code).toBe(1);
    // Exactly one line says why, whatever else Node or a library prints around it (a warning, a log line),
    // and nothing in the output blames either dependency that is reachable.
    const cannotStart = output.split('\n').filter((line) => /^leadflow worker: cannot start:/.test(line));
    expect(cannotStart).toHaveLength(1);
    expect(cannotStart[0]).toMatch(new RegExp(`^leadflow worker: cannot start: ${reason.source}.*\\)$`));
    for (const other of ['MongoDB', 'Redis', 'Temporal'].filter((dependency) => dependency !== name))
      expect(output).not.toContain(`${other} at`);
  });

  it('exits non-zero with one line naming a malformed variable', async () => {
    const { code, output } = await startWorkerProcess({ ...env, SHUTDOWN_TIMEOUT_MS: 'soon' }).exited;
    expect(code).toBe(1);
    expect(output.trim()).toMatch(/^leadflow worker: Invalid configuration: SHUTDOWN_TIMEOUT_MS="soon"/);
  });
});
