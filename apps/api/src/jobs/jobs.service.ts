import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobStatus, Queue } from 'bull';
import { DomainError, ErrorCode } from '@leadflow/domain';
import {
  QUEUE_NAMES,
  type QueueName,
  readJobSnapshot,
  QueueReachability,
  registeredQueues,
} from '@leadflow/jobs';
import type { JobDto, QueueOverviewDto, QueuesOverviewDto } from './dto/jobs.dto';

/** Bull job ids: its own integers, or ids we choose such as `lead:123` and `lead:123:next`. */
const JOB_ID = /^[A-Za-z0-9:_-]{1,128}$/;

const isoOrNull = (epochMs: number | null | undefined): string | null =>
  typeof epochMs === 'number' ? new Date(epochMs).toISOString() : null;

function toJobDto(queue: QueueName, job: Job, state: string): JobDto {
  return {
    queue,
    job_id: String(job.id),
    state,
    data: job.data as unknown,
    attempts_made: job.attemptsMade,
    max_attempts: job.opts.attempts ?? 1,
    error: state === 'completed' ? null : (job.failedReason ?? null),
    result: state === 'completed' ? (job.returnvalue as unknown) : null,
    created_at: new Date(job.timestamp).toISOString(),
    started_at: isoOrNull(job.processedOn),
    finished_at: isoOrNull(job.finishedOn),
  };
}

/**
 * Operations over every Bull queue: counts, failed jobs with their errors, one job, and retrying it. Each
 * answers a 503 at once while Redis is down rather than waiting for it (see QueueReachability).
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly reachability: QueueReachability,
  ) {}

  private queue(name: string): { name: QueueName; queue: Queue } {
    const found = registeredQueues(this.moduleRef).find((entry) => entry.name === name);
    if (!found) {
      throw new DomainError(
        ErrorCode.NOT_FOUND,
        `queue ${name} does not exist (queues: ${QUEUE_NAMES.join(', ')})`,
      );
    }
    return found;
  }

  async overview(failedLimit: number, failedOffset: number): Promise<QueuesOverviewDto> {
    const registered = registeredQueues(this.moduleRef);
    const queues = await this.reachability.run(
      registered.map(({ queue }) => queue),
      () =>
        Promise.all(
          registered.map(({ name, queue }) => this.queueOverview(name, queue, failedLimit, failedOffset)),
        ),
    );
    return { failed_limit: failedLimit, failed_offset: failedOffset, queues };
  }

  private async queueOverview(
    name: QueueName,
    queue: Queue,
    failedLimit: number,
    failedOffset: number,
  ): Promise<QueueOverviewDto> {
    const [counts, failed] = await Promise.all([
      queue.getJobCounts(),
      // Bull's ranges are inclusive; newest failures first.
      failedLimit > 0 ? queue.getFailed(failedOffset, failedOffset + failedLimit - 1) : [],
    ]);
    const byState = counts as unknown as Record<string, number | undefined>;
    const count = (state: JobStatus): number => byState[state] ?? 0;
    return {
      name,
      counts: {
        waiting: count('waiting'),
        active: count('active'),
        completed: count('completed'),
        failed: count('failed'),
        delayed: count('delayed'),
        paused: count('paused'),
      },
      failed: failed.filter((job): job is Job => Boolean(job)).map((job) => toJobDto(name, job, 'failed')),
    };
  }

  async job(queueName: string, jobId: string): Promise<JobDto> {
    const { name, job, state } = await this.reachability.run([this.queue(queueName).queue], () =>
      this.find(queueName, jobId),
    );
    return toJobDto(name, job, state);
  }

  /** Puts a failed job back in line (its attempts are not reset); any other state is a 409. */
  async retry(queueName: string, jobId: string): Promise<JobDto> {
    const { name, queue } = this.queue(queueName);
    return this.reachability.run([queue], async () => {
      const { job, state } = await this.find(queueName, jobId);
      if (state !== 'failed') {
        throw new DomainError(ErrorCode.CONFLICT, `job ${jobId} of queue ${name} is ${state}, not failed`);
      }
      await job.retry();
      const retried = await readJobSnapshot(queue, job.id);
      return retried ? toJobDto(name, retried.job, retried.state) : toJobDto(name, job, 'waiting');
    });
  }

  private async find(
    queueName: string,
    jobId: string,
  ): Promise<{ name: QueueName; queue: Queue; job: Job; state: string }> {
    const { name, queue } = this.queue(queueName);
    const snapshot = JOB_ID.test(jobId) ? await readJobSnapshot(queue, jobId) : null;
    if (!snapshot) throw new DomainError(ErrorCode.NOT_FOUND, `job ${jobId} of queue ${name} does not exist`);
    return { name, queue, ...snapshot };
  }
}
