import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  LeadsRepository,
  SERVER_PROFILE,
  type ServerProfile,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import { InterruptibleSleeps } from './interruptible-sleeps';

/**
 * How often changed executions and leads are folded into the counts the dashboard reads. Reads are exact
 * whenever it runs (they add what is not folded yet, so a read during a flood reads up to this long's
 * changes); a run goes pending, running, completed within seconds (tens of seconds in a flood), and each
 * fold that sees it between two of those writes it once more, so folds apart write each run fewer times.
 * Measured in bench/workflows (b), 4,000 runs at once: 3 s apart, a fold statement for every other statement
 * the runs sent; all effects in 59.3-62.7 s with folds 10 s apart, 56.2-58.3 s with 30 s.
 */
const FOLD_EVERY_MS = 30_000;

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
    /** its foldBatch: documents per fold (see the profile's note on it) */
    @Inject(SERVER_PROFILE) private readonly server: ServerProfile,
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
          this.executions.foldCounts(this.server.foldBatch),
          this.leads.foldCounts(this.server.foldBatch),
        ]);
        folded = Math.max(executions, leads);
      } catch (error) {
        // MongoDB away: the marks stay on the executions, the next fold takes them.
        this.logger.warn(`fold failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A full batch means more are waiting: go on at once.
      if (folded < this.server.foldBatch) await this.sleeps.sleep(FOLD_EVERY_MS);
    }
  }
}
