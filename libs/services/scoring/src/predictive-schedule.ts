import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { PREDICTIVE_REFRESH } from './processors/predictive-refresh.processor';

/**
 * Installs the nightly predictive refresh as a Bull repeatable job when a worker starts with
 * PREDICTIVE_SCORE=true, and removes it when the score is off (or its cron changed), as
 * RecalculationSchedule does for the daily recalculation.
 */
@Injectable()
export class PredictiveSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(PredictiveSchedule.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue<MaintenanceJob>,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.PREDICTIVE_REFRESH_CRON;
    const tz = this.config.RECALCULATION_TIMEZONE;
    const on = this.config.PREDICTIVE_SCORE;
    for (const repeatable of await this.queue.getRepeatableJobs()) {
      const same = on && repeatable.cron === cron && (repeatable.tz ?? null) === tz;
      if (repeatable.name === PREDICTIVE_REFRESH && !same)
        await this.queue.removeRepeatableByKey(repeatable.key);
    }
    if (!on) return;
    await this.queue.add(
      PREDICTIVE_REFRESH,
      { task: 'predictive-refresh' },
      {
        jobId: PREDICTIVE_REFRESH,
        repeat: { cron, tz },
        attempts: 3,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: 30,
        removeOnFail: 30,
      },
    );
    this.logger.log(`predictive refresh scheduled: "${cron}" (${tz})`);
  }
}
