// Bulk recalculation benchmark (issue 7's bench/jobs, issue 5's bulk_calculate): prints one JSON object.
// Flags: --sizes 10000,100000  --workers 1,2  --activities 10  --chunk 1000. Needs a build and the embedded
// services (`npm run bench:bulk` does both); LEADFLOW_DATA_DIR picks the services' data directory, and
// BENCH_CPU_PROF=<dir> writes a CPU profile of each worker process there.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bulkCalculateBench } from '../api/bulk-calculate';
import { positiveInteger } from '../flags';
import { servicesEnv } from '../services-env';

const repoRoot = join(__dirname, '..', '..', '..');

function numbers(list: string, what: string): number[] {
  return list.split(',').map((entry) => positiveInteger(entry, what));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      workers: { type: 'string', default: '1,2' },
      activities: { type: 'string', default: '10' },
      chunk: { type: 'string', default: '1000' },
    },
  });
  const result = await bulkCalculateBench({
    repoRoot,
    dataDir: join(repoRoot, process.env.LEADFLOW_DATA_DIR ?? '.data'),
    services: servicesEnv(repoRoot),
    sizes: numbers(values.sizes, '--sizes'),
    workers: numbers(values.workers, '--workers'),
    activitiesPerLead: Number(values.activities),
    chunkSize: positiveInteger(values.chunk, '--chunk'),
    log: (message) => process.stderr.write(`[bench/jobs] ${message}\n`),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench/jobs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
