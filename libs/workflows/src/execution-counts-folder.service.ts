import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WorkflowExecutionsRepository } from '@leadflow/persistence';

/** How often changed executions are folded into the statistics' counts. */
const FOLD_EVERY_MS = 1_000;
/** Executions per fold: a fold under load takes a few seconds per thousand on the embedded server. */
const FOLD_BATCH = 500;

/**
 * Folds executions whose status changed into the counts the statistics read (FoldedCounts), in a loop of
 * its own: a fold behind a flood of status changes takes seconds, and the relay must not wait for it.
 * Reads are exact without it (they add what is not folded yet); folding keeps them fast.
 */
@Injectable()
export class ExecutionCountsFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-counts');
  private loop?: Promise<void>;
  private stopping = false;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(private readonly executions: WorkflowExecutionsRepository) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let folded = 0;
      try {
        folded = await this.executions.foldCounts(FOLD_BATCH);
      } catch (error) {
        // MongoDB away: the marks stay on the executions, the next fold takes them.
        this.logger.warn(`fold failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A full batch means more are waiting: go on at once.
      if (folded < FOLD_BATCH) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, FOLD_EVERY_MS);
        });
      }
    }
  }
}
