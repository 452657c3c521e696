import type { ChildProcess } from 'node:child_process';

/** Sends SIGTERM to a server a test started and resolves once it has exited (at once if it already has). */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  await exited;
}
