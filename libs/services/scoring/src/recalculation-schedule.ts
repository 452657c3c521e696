import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONFIG, type Config } from '@leadflow/config';
import { type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { scheduleMaintenance } from './maintenance-schedule';
import { DAILY_RECALCULATION } from './processors/maintenance.processor';

/** Fixed, so that every worker replica adds the same repeatable job (Bull keys it by name, id, cron, zone). */
export const DAILY_RECALCULATION_JOB_ID = 'daily-recalculation';

/** Installs the daily recalculation as a Bull repeatable job when a worker starts (scheduleMaintenance). */
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
    await scheduleMaintenance(this.queue, {
      name: DAILY_RECALCULATION,
      jobId: DAILY_RECALCULATION_JOB_ID,
      data: { task: 'daily-recalculation' },
      cron,
      tz,
      on: true,
    });
    this.logger.log(`daily recalculation scheduled: "${cron}" (${tz})`);
  }
}
