import type { Queue } from 'bull';
import type { MaintenanceJob } from '@leadflow/jobs';

/** One repeatable maintenance job as a worker's config wants it. */
export interface MaintenanceSchedule {
  /** the job's name, which its processor handles */
  name: string;
  /** fixed, so that every worker replica adds the same job (Bull keys it by name, id, cron and zone) */
  jobId: string;
  data: MaintenanceJob;
  cron: string;
  tz: string;
  /** false: the job is removed and not added */
  on: boolean;
}

/**
 * Installs a maintenance job as a Bull repeatable job at a worker's start. Every replica adds the same one,
 * which Bull keeps once; a schedule of that name with another cron or zone (the config changed), or one that
 * is now off, is removed first, so it is replaced rather than joined by a second one. Returns whether the
 * job is scheduled.
 */
export async function scheduleMaintenance(
  queue: Queue<MaintenanceJob>,
  { name, jobId, data, cron, tz, on }: MaintenanceSchedule,
): Promise<boolean> {
  for (const repeatable of await queue.getRepeatableJobs()) {
    const same = on && repeatable.cron === cron && (repeatable.tz ?? null) === tz;
    if (repeatable.name === name && !same) await queue.removeRepeatableByKey(repeatable.key);
  }
  if (!on) return false;
  await queue.add(name, data, {
    jobId,
    repeat: { cron, tz },
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: 30,
    removeOnFail: 30,
  });
  return true;
}
