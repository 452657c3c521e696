// Benchmark: enrichment jobs per second with the `dataset` source and one worker process. N leads (flag
// --leads 10000 or --leads=10000, the default) with work emails of the shipped dataset's companies are enriched through the same
// producer the API uses; the clock runs from the first job queued until every job has finished. Each
// enrichment also queues the lead's rescoring, which the same worker runs meanwhile, as in production.
// Prints one JSON object. Needs the embedded services (`npm run services -- up`) and a build (`npm run
// build`); `npm run bench:jobs:enrichment` does both.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getQueueToken } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Queue } from 'bull';
import type { Connection } from 'mongoose';
import { ConfigModule, type Config, loadConfig } from '../../libs/config/src';
import { EnrichmentModule, EnrichmentQueueService } from '../../libs/services/enrichment/src';
import { JobsModule, QUEUE_NAMES, QUEUES } from '../../libs/services/jobs/src';
import { PersistenceModule, storedLead } from '../../libs/persistence/src';
import { TemporalClientModule } from '../../temporal/client';
import { positiveInteger } from '../flags';
import { servicesEnv } from '../services-env';
import { startWorker, stopWorker } from '../worker-process';

const repoRoot = join(__dirname, '..', '..', '..');
/** --leads, read as bench/jobs/main.ts reads its flags: parseArgs refuses an unknown or malformed one. */
function leadsFlag(): number {
  const { values } = parseArgs({ options: { leads: { type: 'string', default: '10000' } } });
  return positiveInteger(values.leads, '--leads');
}
const CHUNK = 1_000;
const TITLES = ['VP of Sales', 'Marketing Manager', 'Software Engineer', 'Junior Analyst', 'CEO', ''];

function progress(message: string): void {
  process.stderr.write(`[bench/jobs/enrichment] ${message}\n`);
}

/** The producer side only: what the API process has for enrichment. */
function producerModule(config: Config) {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      PersistenceModule,
      JobsModule,
      TemporalClientModule,
      EnrichmentModule,
    ],
  })
  class BenchProducerModule {}
  return BenchProducerModule;
}

/** Work emails at the dataset's companies, round robin, so every lead matches one. */
function datasetDomains(): string[] {
  const raw = JSON.parse(readFileSync(join(repoRoot, 'data', 'enrichment', 'companies.json'), 'utf8')) as
    { domains: string[] }[] | { companies: { domains: string[] }[] };
  const companies = Array.isArray(raw) ? raw : raw.companies;
  return companies.flatMap((company) => company.domains.slice(0, 1));
}

async function main(): Promise<void> {
  const leadCount = leadsFlag();
  const suffix = Date.now().toString(36);
  const env = {
    ...servicesEnv(repoRoot),
    MONGO_DB: `bench_enrichment_${suffix}`,
    REDIS_PREFIX: `bench:enrichment:${suffix}`,
    TEMPORAL_TASK_QUEUE: `bench-enrichment-${suffix}`,
    TEMPORAL_ID_PREFIX: `bench-enrichment-${suffix}`,
    ENRICHMENT_DATASET_PATH: join(repoRoot, 'data', 'enrichment', 'companies.json'),
    LOG_LEVEL: 'error',
  };
  const config = loadConfig(env);
  const app = await NestFactory.createApplicationContext(producerModule(config), { logger: false });
  await app.init();
  const connection = app.get<Connection>(getConnectionToken());
  const queue = app.get<Queue>(getQueueToken(QUEUES.enrichment), { strict: false });
  const producer = app.get(EnrichmentQueueService);
  let worker: ChildProcess | undefined;
  try {
    const domains = datasetDomains();
    progress(`inserting ${leadCount} leads`);
    const now = new Date();
    for (let start = 1; start <= leadCount; start += CHUNK) {
      const rows = [];
      for (let id = start; id < Math.min(start + CHUNK, leadCount + 1); id += 1) {
        rows.push(
          storedLead({
            id,
            email: `lead${id}@${domains[id % domains.length] ?? 'example.com'}`,
            title: TITLES[id % TITLES.length] ?? null,
            created_at: now,
          }),
        );
      }
      await connection.collection('leads').insertMany(rows);
    }

    progress('starting one worker process');
    worker = await startWorker(repoRoot, { ...env, LOG_LEVEL: 'info' });

    const startedAt = process.hrtime.bigint();
    for (let start = 1; start <= leadCount; start += CHUNK) {
      const ids = Array.from(
        { length: Math.min(CHUNK, leadCount - start + 1) },
        (_unused, index) => start + index,
      );
      await producer.enqueue(ids, 'dataset', false);
    }
    const queuedSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    progress(`queued ${leadCount} jobs in ${queuedSeconds.toFixed(1)} s; waiting for them to finish`);
    let counts = await queue.getJobCounts();
    while (counts.completed + counts.failed < leadCount) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      counts = await queue.getJobCounts();
    }
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const enriched = await connection
      .collection('leads')
      .countDocuments({ 'enrichment.industry.source': 'dataset' });

    process.stdout.write(
      `${JSON.stringify({
        benchmark: 'jobs/enrichment',
        source: 'dataset',
        leads: leadCount,
        worker_processes: 1,
        queue_seconds: Number(queuedSeconds.toFixed(2)),
        total_seconds: Number(seconds.toFixed(2)),
        jobs_per_second: Number((leadCount / seconds).toFixed(1)),
        completed: counts.completed,
        failed: counts.failed,
        leads_with_provenance: enriched,
      })}\n`,
    );
  } finally {
    if (worker) await stopWorker(worker);
    for (const name of QUEUE_NAMES) {
      await app.get<Queue>(getQueueToken(name), { strict: false }).obliterate({ force: true });
    }
    await connection.dropDatabase();
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/jobs/enrichment: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
