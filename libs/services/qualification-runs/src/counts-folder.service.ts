import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LeadsRepository, WorkflowExecutionsRepository } from '@leadflow/persistence';
import { InterruptibleSleeps } from './interruptible-sleeps';

/**
 * How often changed executions and leads are folded into the counts the dashboard reads. Reads are exact
 * whenever it runs (they add what is not folded yet); a run goes pending, running, completed within seconds
 * (tens of seconds in a flood), and each fold that sees it between two of those writes it once more, so
 * folds apart write each run fewer times (measured in bench/workflows (b): at 3 s, a fold statement for
 * every other statement the runs themselves sent).
 */
const FOLD_EVERY_MS = 10_000;
/**
 * Documents per fold. The embedded server reads every dirty document whatever the limit (it applies a limit
 * only to queries without a filter), so a fold takes as many as it may of what it read: at 500, a bulk run's
 * 10,000 changed leads were read 20 times over to be folded. The cap keeps the pending fold, which the
 * snapshot document holds, far from the 16 MB document limit (~60 bytes per document).
 */
const FOLD_BATCH = 5_000;

/**
 * Folds executions whose status changed, and leads whose score changed, into the counts the statistics and
 * the score distribution read (FoldedCounts), in a loop of its own: a fold behind a flood of changes takes
 * seconds, and the relay must not wait for it.
 * Reads are exact without it (they add what is not folded yet); folding keeps them fast.
 */
@Injectable()
export class CountsFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('counts');
  private loop?: Promise<void>;
  private stopping = false;
  private readonly sleeps = new InterruptibleSleeps();

  constructor(
    private readonly executions: WorkflowExecutionsRepository,
    private readonly leads: LeadsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.sleeps.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let folded = 0;
      try {
        const [executions, leads] = await Promise.all([
          this.executions.foldCounts(FOLD_BATCH),
          this.leads.foldCounts(FOLD_BATCH),
        ]);
        folded = Math.max(executions, leads);
      } catch (error) {
        // MongoDB away: the marks stay on the executions, the next fold takes them.
        this.logger.warn(`fold failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A full batch means more are waiting: go on at once.
      if (folded < FOLD_BATCH) await this.sleeps.sleep(FOLD_EVERY_MS);
    }
  }
}
