import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { stopChild } from './stop-child';
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
  const stop = (): Promise<void> => stopChild(child);

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
