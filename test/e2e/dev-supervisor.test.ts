import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, ensureBuilt, repoRoot, until, workerEnv } from '@leadflow/test-harness';
import { freePort } from '../harness/free-port';

const API_SOURCES = ['apps/api/src', 'apps/worker/src', 'libs', 'dsl/src', 'temporal'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is still one of our programs, not a stranger that was given a freed pid. */
function runsLeadflow(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/apps/');
  } catch {
    return false;
  }
}

/** The pids the supervisor reported starting `name` with, in order. */
function startedPids(output: string, name: string): number[] {
  return [...output.matchAll(new RegExp(`started ${name} \\(pid (\\d+)\\)`, 'g'))].map((match) =>
    Number(match[1]),
  );
}

/**
 * The supervisor `npm run dev` runs the API and the worker under: a SIGKILLed worker is reported (name,
 * signal, last lines) and started again while the API keeps answering, and SIGINT stops both, leaving no
 * process behind.
 */
describe('the dev launcher supervisor', () => {
  const { config } = createTestContext();
  let supervisor: ChildProcess | undefined;
  let output = '';

  // After a failed assertion: stop the supervisor as Ctrl-C would, then any program it left (a SIGKILLed
  // supervisor would orphan them), so that no process outlives the test.
  afterAll(async () => {
    const running = supervisor;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    for (const pid of [...startedPids(output, 'api'), ...startedPids(output, 'worker')]) {
      if (alive(pid) && runsLeadflow(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('restarts a killed worker while the API keeps answering, and stops everything on SIGINT', async () => {
    ensureBuilt('dist/apps/api/src/main.js', API_SOURCES);
    const worker = ensureBuilt('dist/apps/worker/src/main.js', API_SOURCES);
    const port = await freePort();
    const launched = spawn(
      process.execPath,
      [join(repoRoot, 'scripts/supervise.mjs'), 'api=dist/apps/api/src/main.js', `worker=${worker}`],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          ...workerEnv(config, { HOST: '127.0.0.1', PORT: String(port) }),
          LEADFLOW_SUPERVISE_BACKOFF_MS: '200',
        },
      },
    );
    supervisor = launched;
    launched.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launched.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      launched.on('exit', (code) => {
        resolve(code);
      });
    });
    const health = async (): Promise<number> => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
      } catch {
        return 0;
      }
    };

    await until(health, (status) => status === 200, {
      what: 'the supervised API to answer',
      timeoutMs: 60_000,
    });
    await until(
      () => output,
      (sofar) => sofar.includes('"msg":"worker started"'),
      { what: 'the supervised worker to start', timeoutMs: 60_000 },
    );
    const [firstWorker] = startedPids(output, 'worker');
    const [api] = startedPids(output, 'api');
    expect(firstWorker).toBeDefined();
    expect(api).toBeDefined();

    process.kill(firstWorker!, 'SIGKILL');
    const statuses: number[] = [];
    await until(
      async () => {
        statuses.push(await health());
        return startedPids(output, 'worker');
      },
      (pids) => pids.length === 2,
      { what: 'the worker to be started again', timeoutMs: 30_000 },
    );
    const report = output.slice(output.indexOf('worker exited unexpectedly'));
    expect(report).toMatch(/^worker exited unexpectedly \(signal SIGKILL\); its last lines:\n/);
    expect(report).toMatch(/\n {2}\| .*"service":"worker"/);
    expect(output).toContain('restarting worker in 200 ms (restart 1 of at most 5)');
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(startedPids(output, 'api')).toEqual([api]);
    const secondWorker = startedPids(output, 'worker')[1]!;
    expect(alive(secondWorker)).toBe(true);

    launched.kill('SIGINT');
    expect(await exited).toBe(0);
    expect([api, firstWorker, secondWorker].map((pid) => alive(pid!))).toEqual([false, false, false]);
  }, 180_000);
});
