import { type ChildProcess, spawn } from 'node:child_process';
import type { Config } from '@leadflow/config';
import { ensureBuilt } from './build';
import { repoRoot } from './services';
import { until } from './until';

/** Everything the built worker loads: a change to any of it rebuilds before a worker test runs. */
const WORKER_SOURCES = ['apps/worker/src', 'libs', 'dsl/src', 'temporal'];

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** resolves once the worker logged that it polls; rejects with its output if it exits first */
  ready(timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

/** The built worker (`dist/apps/worker/src/main.js`) as a child process with only the given env. */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const main = ensureBuilt('dist/apps/worker/src/main.js', WORKER_SOURCES);
  const child = spawn(process.execPath, [main], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) =>
      child.on('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal, output });
      }),
  );
  const ready = async (timeoutMs = 60_000): Promise<void> => {
    await until(
      () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`worker exited before it started; output:\n${output}`);
        return output;
      },
      (sofar) => sofar.includes('"msg":"worker started"'),
      { what: 'the worker to log "worker started"', timeoutMs },
    );
  };
  return { child, output: () => output, exited, ready };
}

/** Kills every worker a test started and left running (a failed assertion must not leak processes). */
export function killWorkerProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** The env a worker process needs to join a test file's services, database, queues and id prefix. */
export function workerEnv(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MONGO_URL: config.MONGO_URL,
    MONGO_DB: config.MONGO_DB,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    TEMPORAL_ID_PREFIX: config.TEMPORAL_ID_PREFIX,
    SMTP_URL: config.SMTP_URL,
    LOG_LEVEL: 'info',
    // A worker killed in a test hands its claimed runs over within seconds, not the production minute.
    WORKFLOW_START_LEASE_MS: String(config.WORKFLOW_START_LEASE_MS),
    ...extra,
  };
}
