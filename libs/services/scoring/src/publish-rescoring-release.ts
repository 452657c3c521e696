import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { QUEUES } from '@leadflow/jobs';
import { BULK_JOBS } from './bulk-run-plan';
import { PublishRescoring } from './publish-rescoring';
import { publishRunNumber } from './publish-rescoring-plan';

/**
 * Starts a held publish rescoring as soon as the run before it is done: each run or chunk job of a publish
 * run that this worker finishes may have been its last. Whichever worker finishes the last one sees the
 * run done (the status reads the chunks after they are stored), and a second promote is a no-op.
 */
@Injectable()
export class PublishRescoringRelease implements OnModuleInit {
  private readonly logger = new Logger('publish-rescoring');

  constructor(
    @InjectQueue(QUEUES.bulkScoring) private readonly queue: Queue,
    private readonly rescoring: PublishRescoring,
  ) {}

  onModuleInit(): void {
    const finished = (job: Job) => {
      this.releaseAfter(job).catch((error: unknown) => {
        this.logger.warn(`could not start the rescoring held behind ${String(job.id)}: ${String(error)}`);
      });
    };
    this.queue.on('completed', finished);
    // a chunk out of attempts ends its run too
    this.queue.on('failed', finished);
  }

  private async releaseAfter(job: Job): Promise<void> {
    if (job.name !== BULK_JOBS.run && job.name !== BULK_JOBS.chunk) return;
    const runId: unknown = (job.data as { run_id?: unknown }).run_id;
    const run = typeof runId === 'string' ? publishRunNumber(runId) : null;
    if (run !== null) await this.rescoring.release(run + 1);
  }
}
