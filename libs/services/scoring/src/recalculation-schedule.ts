import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { DAILY_RECALCULATION } from './processors/maintenance.processor';

/** Fixed, so that every worker replica adds the same repeatable job (Bull keys it by name, id, cron, zone). */
export const DAILY_RECALCULATION_JOB_ID = 'daily-recalculation';

/**
 * Installs the daily recalculation as a Bull repeatable job when a worker starts. Every replica adds the
 * same one (fixed job id, cron and zone from config), which Bull keeps once; a schedule with another cron
 * or zone (the config changed) is removed first, so it is replaced rather than joined by a second one.
 */
@Injectable()
export class RecalculationSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecalculationSchedule.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue<MaintenanceJob>,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.RECALCULATION_CRON;
    const tz = this.config.RECALCULATION_TIMEZONE;
    for (const repeatable of await this.queue.getRepeatableJobs()) {
      const same = repeatable.cron === cron && (repeatable.tz ?? null) === tz;
      if (repeatable.name === DAILY_RECALCULATION && !same) {
        await this.queue.removeRepeatableByKey(repeatable.key);
      }
    }
    await this.queue.add(
      DAILY_RECALCULATION,
      { task: 'daily-recalculation' },
      {
        jobId: DAILY_RECALCULATION_JOB_ID,
        repeat: { cron, tz },
        attempts: 3,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: 30,
        removeOnFail: 30,
      },
    );
    this.logger.log(`daily recalculation scheduled: "${cron}" (${tz})`);
  }
}
