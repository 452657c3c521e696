import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { stopChild } from './stop-child';
import { repoRoot, temporalTestServerPath } from './services';
import { until } from './until';

/**
 * A Temporal dev server of one test's own, for tests that stop and restart Temporal: the shared one serves
 * every other test file at the same time. It keeps its SQLite file and port across stop/start, as a real
 * outage would, so clients reconnect by themselves and the runs started before it are still there.
 */
export interface PrivateTemporal {
  address: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

/** The `temporal` CLI the launcher installed, beside the test server in the same venv. */
function temporalCli(): string {
  return join(dirname(temporalTestServerPath()), 'temporal');
}

/** The embedded server's options that the launcher passes too (scripts/temporal-dev-server.json). */
function temporalDevServerArgs(): string[] {
  const options = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'temporal-dev-server.json'), 'utf8')) as {
    args: string[];
  };
  return options.args;
}

export async function startPrivateTemporal(): Promise<PrivateTemporal> {
  const cli = temporalCli();
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-temporal-'));
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(
      cli,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--http-port',
        String(httpPort),
        '--metrics-port',
        String(metricsPort),
        '--db-filename',
        join(dir, 'temporal.sqlite'),
        '--namespace',
        'default',
        ...temporalDevServerArgs(),
        '--headless',
        '--log-level',
        'error',
      ],
      { stdio: 'ignore' },
    );
    await until(
      () =>
        spawnSync(
          cli,
          ['operator', 'search-attribute', 'list', '--address', address, '--namespace', 'default'],
          {
            encoding: 'utf8',
          },
        ).stdout.includes('WorkflowDefinitionId'),
      (ready) => ready,
      { what: `the private Temporal on ${address} to answer`, timeoutMs: 60_000, intervalMs: 250 },
    );
  };
  const stop = (): Promise<void> => stopChild(child);

  await start();
  return {
    address,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
