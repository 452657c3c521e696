import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { QUEUES, QueueReachability } from '@leadflow/jobs';
import { ScoringSettingsRepository } from '@leadflow/persistence';
import { BulkScoringService } from './bulk-scoring.service';
import {
  planPublishRescoring,
  publishRunId,
  type PublishRunState,
  publishRunState,
} from './publish-rescoring-plan';

/** The rescoring a publish started or joined: a bulk run, whose progress bulk_calculate/{job_id}/ reports. */
export interface PublishRescoringRef {
  job_id: string;
}

/**
 * A held follow-up starts when the run before it is done (see release); should every signal of that be
 * lost (a worker killed right after the last chunk, no publish since), Bull starts it after this long.
 */
const FOLLOW_UP_HOLD_MS = 10 * 60_000;

/** Raises the latest run number only (a slow caller must not lower it), atomically for every API process. */
const RAISE_LATEST = `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 0`;

/**
 * After a rule set is published, every lead is rescored with it, through the same bulk run as
 * `bulk_calculate` with `recalculate_all` (its chunks and idempotency keys, so leads changed meanwhile are
 * not scored twice by it). Switched by the `rescore_on_publish` scoring setting (on by default).
 *
 * Publishes coalesce (planPublishRescoring): the runs are numbered, the latest number is kept in Redis
 * beside the queue, and a run's number is its job id, so API processes that decide at once add one job.
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
   * The bulk run that will score with `version`, or null when the setting is off. The version is published
   * already when this runs, so a queue that cannot take the run (Redis away) is logged and answered as null
   * rather than failing the publish: the scheduled daily recalculation rescores with the new version then.
   */
  async afterPublish(version: number): Promise<PublishRescoringRef | null> {
    if (!(await this.settings.current()).rescore_on_publish) return null;
    try {
      this.reachability.assertConnected([this.bulkQueue]);
      return { job_id: publishRunId(await this.request()) };
    } catch (error) {
      this.logger.warn(
        `rule-set version ${version} is published, but its rescoring could not be queued: ${String(error)}`,
      );
      return null;
    }
  }

  /**
   * The Redis-only steps are time-limited (a Redis lost mid-request must not hold the save open); queueing a
   * run is not, as it counts the leads, which takes longer on a large database (see QueueReachability).
   */
  private async request(): Promise<number> {
    const redisOnly = <T>(work: () => Promise<T>) => this.reachability.run([this.bulkQueue], work);
    const step = await redisOnly(async () => {
      const latest = Number((await this.bulkQueue.client.get(this.latestKey())) ?? 0);
      return planPublishRescoring(latest, latest > 0 ? await this.stateOf(latest) : 'done');
    });
    if (step.kind === 'start') {
      await this.bulk.enqueue(
        { recalculate_all: true, run_id: publishRunId(step.run) },
        step.held ? { delay: FOLLOW_UP_HOLD_MS } : {},
      );
    }
    await redisOnly(async () => {
      if (step.kind === 'start') {
        await this.bulkQueue.client.eval(RAISE_LATEST, 1, this.latestKey(), String(step.run));
      }
      // the run before may have ended since it was read, with nobody left to start this one
      await this.release(step.run);
    });
    return step.run;
  }

  /** Starts the held run `run` when the run before it is done; anything else leaves it as it is. */
  async release(run: number): Promise<void> {
    const job = await this.bulkQueue.getJob(publishRunId(run));
    if (!job || !(await job.isDelayed())) return;
    if ((await this.stateOf(run - 1)) !== 'done') return;
    // another process may have promoted it in between: then it is no longer delayed, which is what we want
    await job.promote().catch(() => undefined);
  }

  private async stateOf(run: number): Promise<PublishRunState> {
    if (run < 1) return 'done';
    try {
      return publishRunState((await this.bulk.status(publishRunId(run))).state);
    } catch (error) {
      // expired from Redis long after it finished
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return 'done';
      throw error;
    }
  }

  private latestKey(): string {
    return this.bulkQueue.toKey('publish-rescoring:latest');
  }
}
