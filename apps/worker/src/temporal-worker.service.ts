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
import { connectTemporalWorker, createTemporalWorker } from '@leadflow/temporal/worker';
import { QUALIFICATION_ACTIVITIES, type QualificationActivitiesHandle } from './qualification-activities';

/** The same relative place in the sources and in dist/, so the bundler finds the workflows in both. */
const WORKFLOWS_PATH = join(__dirname, '..', '..', '..', 'temporal', 'workflows');

/**
 * Runs the Temporal worker for the life of the process. On shutdown it stops polling and waits for
 * in-flight activities (up to SHUTDOWN_TIMEOUT_MS, the worker's shutdownGraceTime) before the process ends.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('temporal-worker');
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(QUALIFICATION_ACTIVITIES) private readonly activities: QualificationActivitiesHandle,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await connectTemporalWorker(this.config);
    this.worker = await createTemporalWorker({
      connection: this.connection,
      config: this.config,
      workflowsPath: WORKFLOWS_PATH,
      activities: this.activities.functions,
    });
    // run() resolves only once shutdown completes; a failure while running must end the process loudly.
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`Temporal worker stopped: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
    this.logger.log(
      `polling task queue ${this.config.TEMPORAL_TASK_QUEUE} in namespace ${this.config.TEMPORAL_NAMESPACE}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
  }
}
