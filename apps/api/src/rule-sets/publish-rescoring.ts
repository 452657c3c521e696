import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { QUEUES, QueueReachability } from '@leadflow/jobs';
import { ScoringSettingsRepository } from '@leadflow/persistence';
import { BulkScoringService } from '@leadflow/scoring';

/**
 * After a rule set is published, every lead is rescored with it, through the same bulk run as
 * `bulk_calculate` with `recalculate_all` (its chunks and idempotency keys, so leads changed meanwhile are
 * not scored twice by it). Switched by the `rescore_on_publish` scoring setting (on by default).
 */
@Injectable()
export class PublishRescoring {
  private readonly logger = new Logger('publish-rescoring');

  constructor(
    private readonly settings: ScoringSettingsRepository,
    private readonly bulk: BulkScoringService,
    private readonly reachability: QueueReachability,
    @InjectQueue(QUEUES.bulkScoring) private readonly bulkQueue: Queue,
  ) {}

  /**
   * The bulk run started, or null when the setting is off. The version is published already when this
   * runs, so a queue that cannot take the run (Redis away) is logged and answered as null rather than
   * failing the publish: the scheduled daily recalculation rescores with the new version then.
   */
  async afterPublish(version: number): Promise<{ job_id: string } | null> {
    if (!(await this.settings.current()).rescore_on_publish) return null;
    try {
      this.reachability.assertConnected([this.bulkQueue]);
      const run = await this.bulk.enqueue({ recalculate_all: true });
      return { job_id: run.job_id };
    } catch (error) {
      this.logger.warn(
        `rule-set version ${version} is published, but its rescoring could not be queued: ${String(error)}`,
      );
      return null;
    }
  }
}
