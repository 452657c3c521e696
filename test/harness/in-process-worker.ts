import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { type Config, ConfigModule } from '@leadflow/config';
import { JobsModule } from '@leadflow/jobs';
import { PersistenceModule } from '@leadflow/persistence';
import { ScoringWorkerModule } from '@leadflow/scoring';
import { TemporalClientModule } from '@leadflow/temporal/client';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/**
 * The worker's Bull processors for scoring (and `extra` ones) inside the test process, on the test file's own
 * queues: for tests that need jobs run but not a separate worker process (startWorkerProcess gives that).
 * Not exported from the harness index, so that unit tests importing the harness do not load Nest modules.
 */
export async function startInProcessWorker(
  config: Config,
  extra: (Type | DynamicModule)[] = [],
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      PersistenceModule,
      JobsModule,
      TemporalClientModule,
      ScoringWorkerModule,
      ...extra,
    ],
  }).compile();
  return moduleRef.init();
}

/** The worker's whole module (Temporal worker, relay and Bull processors) inside the test process, started. */
export async function startWorkerModule(config: Config): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  return worker.init();
}
