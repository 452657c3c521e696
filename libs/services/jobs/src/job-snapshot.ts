import type { Job, JobStatus, Queue } from 'bull';

export interface JobSnapshot<T> {
  job: Job<T>;
  state: JobStatus | 'stuck';
}

/**
 * A job and its state that agree with each other. Bull reads a job's data and its state in two round trips:
 * a job that finishes in between would show state "failed" with no error yet, so a finished job is read
 * again after its state.
 */
export async function readJobSnapshot<T>(
  queue: Queue<T>,
  jobId: string | number,
): Promise<JobSnapshot<T> | null> {
  const loaded = await queue.getJob(jobId);
  if (!loaded) return null;
  const state = await loaded.getState();
  if (state !== 'completed' && state !== 'failed') return { job: loaded, state };
  return { job: (await queue.getJob(jobId)) ?? loaded, state };
}
