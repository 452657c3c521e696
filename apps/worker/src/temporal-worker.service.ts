import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { CONFIG, type Config } from '@leadflow/config';
import { laneTaskQueue } from '@leadflow/temporal/contracts/qualification';
import { connectTemporalWorker, createLaneWorkers } from '@leadflow/temporal/worker';
import { QUALIFICATION_ACTIVITIES, type QualificationActivitiesHandle } from './qualification-activities';

/** The same relative place in the sources and in dist/, so the bundler finds the workflows in both. */
const WORKFLOWS_PATH = join(__dirname, '..', '..', '..', 'temporal', 'workflows');

/**
 * Runs the process's Temporal workers, live and bulk lanes, for the life of the process. On shutdown they stop
 * polling and wait for in-flight activities (up to SHUTDOWN_TIMEOUT_MS, the workers' shutdownGraceTime)
 * before the process ends.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('temporal-worker');
  private connection?: NativeConnection;
  private workers: Worker[] = [];
  private running?: Promise<unknown>;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(QUALIFICATION_ACTIVITIES) private readonly activities: QualificationActivitiesHandle,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await connectTemporalWorker(this.config);
    const { live, bulk } = await createLaneWorkers({
      connection: this.connection,
      config: this.config,
      workflowsPath: WORKFLOWS_PATH,
      activities: this.activities.functions,
    });
    this.workers = [live, bulk];
    // run() resolves only once shutdown completes; a failure while running must end the process loudly,
    // and one lane's worker must not go on alone.
    this.running = Promise.all(
      this.workers.map((worker) =>
        worker.run().catch((error: unknown) => {
          this.logger.error(
            `Temporal worker stopped: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exitCode = 1;
          this.shutdownWorkers();
        }),
      ),
    );
    this.logger.log(
      `polling task queues ${laneTaskQueue(this.config.TEMPORAL_TASK_QUEUE, 'live')} and ${laneTaskQueue(this.config.TEMPORAL_TASK_QUEUE, 'bulk')} in namespace ${this.config.TEMPORAL_NAMESPACE}`,
    );
  }

  private shutdownWorkers(): void {
    for (const worker of this.workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdownWorkers();
    await this.running;
    await this.connection?.close();
  }
}
