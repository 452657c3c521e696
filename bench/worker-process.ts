import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Starts the built worker with exactly `env` (plus PATH); resolves once it logs that it started. */
export function startWorker(repoRoot: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'apps', 'worker', 'src', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      reject(new Error(`worker exited with ${String(code)}: ${output.slice(-500)}`));
    });
  });
}

/** SIGTERM, and wait until the worker has exited (it finishes its running jobs first). */
export function stopWorker(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}
