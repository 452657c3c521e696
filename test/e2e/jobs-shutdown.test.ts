// A worker process stopped with SIGTERM in the middle of a batch of enrichment jobs finishes what it runs,
// exits 0 and leaves the rest waiting; the next worker process completes them. Nothing fails, nothing is
// lost, every lead is enriched once. Real API, Redis, MongoDB and the built worker.
import type { INestApplication } from '@nestjs/common';
import Bull from 'bull';
import { bullQueueOptions, QUEUES } from '@leadflow/jobs';
import { connectMongo } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  type Reply,
  startWorkerProcess,
  until,
  type UntilOptions,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

type Json = Reply['body'];
interface Counts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}
const LEADS = 200;

describe('graceful worker shutdown with enrichment jobs in flight', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;

  const countsOf = async (name: string): Promise<Counts> =>
    (await callApi(base, 'GET', '/api/jobs/?failed_limit=5', admin)).body.queues.find(
      (queue: Json) => queue.name === name,
    ).counts as Counts;
  const enrichmentCounts = () => countsOf('enrichment');

  /** Enrichment jobs in the active list that a worker holds the lock of (is running). */
  async function lockedActiveJobs(): Promise<string[]> {
    const options = bullQueueOptions(config);
    const queue = new Bull(QUEUES.enrichment, options.url, options);
    try {
      const active = await queue.getActive();
      const locked = await Promise.all(
        active.map(
          async (job) =>
            (await queue.client.exists(`${config.REDIS_PREFIX}:${QUEUES.enrichment}:${job.id}:lock`)) === 1,
        ),
      );
      return active.filter((_job, index) => locked[index]).map((job) => String(job.id));
    } finally {
      await queue.close();
    }
  }
  const scoringCounts = () => countsOf('scoring');

  /** Read often: the test stops the worker midway through the batch, so it must see the midpoint soon. */
  const within = (what: string): UntilOptions => ({ what, timeoutMs: 90_000, intervalMs: 50 });

  beforeAll(async () => {
    [app, base, admin] = await startApi(config, 'admin');
  });

  afterEach(killWorkerProcesses);

  afterAll(async () => {
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('finishes running jobs on SIGTERM, exits 0, and the next worker completes the rest', async () => {
    const imported = await callApi(
      base,
      'POST',
      '/api/leads/import/',
      admin,
      Array.from({ length: LEADS }, (_unused, index) => ({
        email: `lead${index}@${index % 2 === 0 ? 'maplecloud' : 'cedarmedia'}.example`,
      })),
    );
    expect(imported.status).toBe(200);
    const ids = (await callApi(base, 'GET', `/api/leads/?page_size=${LEADS}`, admin)).body.results.map(
      (lead: Json) => lead.id as number,
    );
    expect(ids).toHaveLength(LEADS);
    const env = workerEnv(config, { SHUTDOWN_TIMEOUT_MS: '20000' });
    const first = startWorkerProcess(env);
    await first.ready(90_000);
    // The import queued each lead's first scoring; let it finish, so that no score write of a lead races
    // its enrichment write (FerretDB's updates are not atomic across writers; see the README).
    await until(
      scoringCounts,
      (counts) => counts.waiting + counts.active + counts.delayed === 0,
      within('the scoring queue to have nothing waiting, active or delayed'),
    );
    const batch = await callApi(base, 'POST', '/api/leads/enrich/', admin, {
      lead_ids: ids,
      source: 'dataset',
    });
    expect(batch.status).toBe(202);
    const midway = await until(
      enrichmentCounts,
      (counts) => counts.completed >= 10,
      within('10 completed enrichment jobs'),
    );
    expect(midway.completed).toBeLessThan(LEADS);
    first.child.kill('SIGTERM');
    const { code, output } = await first.exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');

    // Stopped, not lost: nothing runs, nothing failed, every job is done or waits for the next worker.
    // Bull's blocking fetch can move a job to the active list just as the worker disconnects; such a job
    // holds no lock, so nobody runs it, and the next worker moves it back to waiting before it takes any
    // work (Queue#run). So a job may still count as active here, but none is locked.
    const stopped = await enrichmentCounts();
    expect(stopped.failed).toBe(0);
    expect(stopped.completed).toBeLessThan(LEADS);
    expect(stopped.completed + stopped.waiting + stopped.active).toBe(LEADS);
    expect(await lockedActiveJobs()).toEqual([]);

    const second = startWorkerProcess(env);
    await second.ready(90_000);
    const done = await until(
      enrichmentCounts,
      (counts) => counts.completed + counts.failed >= LEADS,
      within(`all ${LEADS} enrichment jobs to complete or fail`),
    );
    expect(done).toMatchObject({ completed: LEADS, failed: 0, active: 0, waiting: 0 });

    const db = await connectMongo(config);
    try {
      const enriched = await db
        .collection('leads')
        .countDocuments({ 'enrichment.industry.source': 'dataset' });
      expect(enriched).toBe(LEADS);
    } finally {
      await db.close();
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    // The first worker start may build the worker (ensureBuilt) before it runs.
  }, 240_000);
});
