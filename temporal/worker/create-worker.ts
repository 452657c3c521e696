import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '@leadflow/config';
import { laneTaskQueue } from '../contracts/qualification';

export interface TemporalWorkerOptions {
  connection: NativeConnection;
  config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'SHUTDOWN_TIMEOUT_MS'>;
  /** Module exporting the workflow functions; bundled at start. */
  workflowsPath: string;
  /** Activity implementations (an object of async functions), built by factories that take their dependencies. */
  activities: object;
}

/** What tells the two workers of a process apart: their queue, their workflow code, and their slots. */
interface WorkerPlacement {
  taskQueue: string;
  workflows: { workflowsPath: string } | { workflowBundle: { code: string } };
  slots?: { workflowTasks: number; activities: number };
}

function workerOn(options: TemporalWorkerOptions, placement: WorkerPlacement): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    taskQueue: placement.taskQueue,
    ...placement.workflows,
    activities: options.activities,
    ...(placement.slots
      ? {
          maxConcurrentWorkflowTaskExecutions: placement.slots.workflowTasks,
          maxConcurrentActivityTaskExecutions: placement.slots.activities,
          maxConcurrentLocalActivityExecutions: placement.slots.activities,
        }
      : {}),
    // In-flight activities get this long to finish after shutdown() before they are cancelled.
    shutdownGraceTime: options.config.SHUTDOWN_TIMEOUT_MS,
  });
}

/** One Temporal worker on the configured task queue: how tests run the workflows. */
export function createTemporalWorker(options: TemporalWorkerOptions): Promise<Worker> {
  return workerOn(options, {
    taskQueue: options.config.TEMPORAL_TASK_QUEUE,
    workflows: { workflowsPath: options.workflowsPath },
  });
}

/**
 * The worker process's two Temporal workers, one per lane, on one connection and one bundle of the workflow
 * code: live runs with the SDK's default slots, bulk runs with the few slots configured, so a flood of bulk
 * runs never takes the slots, nor the queue, that live runs need.
 */
export async function createLaneWorkers(
  options: TemporalWorkerOptions & {
    config: Pick<Config, 'WORKER_BULK_WORKFLOW_SLOTS' | 'WORKER_BULK_ACTIVITY_SLOTS'>;
  },
): Promise<{ live: Worker; bulk: Worker }> {
  const workflows = { workflowBundle: await bundleWorkflowCode({ workflowsPath: options.workflowsPath }) };
  const [live, bulk] = await Promise.all([
    workerOn(options, { taskQueue: laneTaskQueue(options.config.TEMPORAL_TASK_QUEUE, 'live'), workflows }),
    workerOn(options, {
      taskQueue: laneTaskQueue(options.config.TEMPORAL_TASK_QUEUE, 'bulk'),
      workflows,
      slots: {
        workflowTasks: options.config.WORKER_BULK_WORKFLOW_SLOTS,
        activities: options.config.WORKER_BULK_ACTIVITY_SLOTS,
      },
    }),
  ]);
  return { live, bulk };
}

export function connectTemporalWorker(config: Pick<Config, 'TEMPORAL_ADDRESS'>): Promise<NativeConnection> {
  return NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
}
