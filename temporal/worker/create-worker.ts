import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '@leadflow/config';

export interface TemporalWorkerOptions {
  connection: NativeConnection;
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'SHUTDOWN_TIMEOUT_MS'>;
  /** Module exporting the workflow functions; bundled at start. */
  workflowsPath: string;
  /** Activity implementations (an object of async functions), built by factories that take their dependencies. */
  activities: object;
}

/** The one way a Temporal worker is made, in the worker app and in tests alike. */
export function createTemporalWorker(options: TemporalWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    taskQueue: options.config.TEMPORAL_TASK_QUEUE,
    workflowsPath: options.workflowsPath,
    activities: options.activities,
    // In-flight activities get this long to finish after shutdown() before they are cancelled.
    shutdownGraceTime: options.config.SHUTDOWN_TIMEOUT_MS,
  });
}

export function connectTemporalWorker(config: Pick<Config, 'TEMPORAL_ADDRESS'>): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
}
