// The Temporal server's own ceiling for bench/workflows: a workflow that does nothing but one no-op activity.
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function trivialWorkflow(): Promise<void> {
  await noop();
}
