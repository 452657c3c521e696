import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { scheduleMaintenance } from './maintenance-schedule';
import { PREDICTIVE_REFRESH } from './processors/predictive-refresh.processor';

/**
 * Installs the nightly predictive refresh as a Bull repeatable job when a worker starts with
 * PREDICTIVE_SCORE=true, and removes it when the score is off (or its cron changed): scheduleMaintenance.
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
    const scheduled = await scheduleMaintenance(this.queue, {
      name: PREDICTIVE_REFRESH,
      jobId: PREDICTIVE_REFRESH,
      data: { task: 'predictive-refresh' },
      cron,
      tz,
      on: this.config.PREDICTIVE_SCORE,
    });
    if (scheduled) this.logger.log(`predictive refresh scheduled: "${cron}" (${tz})`);
  }
}
