import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@leadflow/config';
import { createLogger, NestPinoLogger } from '@leadflow/logging';
import { installTemporalLogging } from '@leadflow/temporal/worker';
import { findUnreachableDependencies } from './dependency-check';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config, 'worker');
  installTemporalLogging(logger);
  const unreachable = await findUnreachableDependencies(config);
  if (unreachable.length > 0) throw new Error(`cannot start: ${unreachable.join('; ')}`);

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await app.init();
  logger.info({ task_queue: config.TEMPORAL_TASK_QUEUE }, 'worker started');

  // SIGTERM/SIGINT: stop taking work, let what is in flight finish (bounded by SHUTDOWN_TIMEOUT_MS), exit.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting with work still in flight');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5_000);
    deadline.unref();
    app
      .close()
      .then(() => {
        logger.info('worker stopped');
        process.exit(process.exitCode ?? 0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'worker shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`leadflow worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
