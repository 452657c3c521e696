import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { repoRoot } from './services';
import { stopChild } from './stop-child';
import { until } from './until';

/**
 * A MongoDB-wire server of one test's own, for tests that stop it: the shared one serves every other test
 * file at the same time. It is the server the launcher would start (mongod when on PATH, else our FerretDB
 * build, here on its SQLite backend so that no PostgreSQL is needed), and it restarts on the same port so
 * that clients reconnect by themselves.
 */
export interface PrivateMongo {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

interface MongoServerBinary {
  kind: 'mongod' | 'ferretdb';
  binary: string;
}

/** The launcher's choice of server, provisioned into the cache when missing (scripts/provision.mjs). */
function mongoServerBinary(): MongoServerBinary {
  const json = execFileSync(
    process.execPath,
    [
      '-e',
      "import('./scripts/provision.mjs').then((m) => process.stdout.write(JSON.stringify(m.ensureMongo())))",
    ],
    { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(json) as MongoServerBinary;
}

function argumentsOf(server: MongoServerBinary, port: number, dir: string): string[] {
  if (server.kind === 'mongod') return ['--dbpath', dir, '--bind_ip', '127.0.0.1', '--port', String(port)];
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=error',
    `--state-dir=${dir}`,
  ];
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

export async function startPrivateMongo(): Promise<PrivateMongo> {
  const server = mongoServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-mongo-'));
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(server.binary, argumentsOf(server, port, dir), { stdio: 'ignore' });
    await until(
      () => accepts(port),
      (open) => open,
      { what: `${server.kind} on port ${port} to accept connections`, timeoutMs: 20_000, intervalMs: 50 },
    );
  };
  const stop = (): Promise<void> => stopChild(child);

  await start();
  return {
    url: `mongodb://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
