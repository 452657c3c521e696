import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from './until';

/**
 * A Redis of one test's own, for tests that stop and restart Redis: the shared one serves every other test
 * file at the same time. It restarts on the same port so that clients reconnect by themselves.
 */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

/** Stops a server a test started (SIGTERM) and waits until it has exited; nothing when it is not running. */
export async function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function redisAnswers(port: number): boolean {
  const result = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
  return result.stdout.trim() === 'PONG';
}

/**
 * `appendOnly` keeps the data across stop/start in an append-only file, as production Redis for queues is
 * run (DESIGN: noeviction and AOF), for tests that restart Redis in the middle of queued work.
 */
export async function startPrivateRedis(options: { appendOnly?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-redis-'));
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--dir',
        dir,
        '--save',
        '',
        ...(options.appendOnly === true ? ['--appendonly', 'yes', '--maxmemory-policy', 'noeviction'] : []),
      ],
      {
        stdio: 'ignore',
      },
    );
    await until(
      () => redisAnswers(port),
      (answers) => answers,
      { what: `redis on port ${port} to answer PING`, timeoutMs: 10_000, intervalMs: 50 },
    );
  };
  const stop = (): Promise<void> => terminate(child);

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
