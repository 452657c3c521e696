import type { INestApplication } from '@nestjs/common';
import Bull from 'bull';
import type { Connection } from 'mongoose';
import { bullQueueOptions, QUEUES, type ScoringJob, scoringJobId } from '@leadflow/jobs';
import { connectMongo, storedLead } from '@leadflow/persistence';
import { ScoringService } from '@leadflow/scoring';
import { callApi, createTestContext, until } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { ScoringProcessor } from '../../../libs/services/scoring/src/processors/scoring.processor';

const API = '/api/lead-qualification';
const LEAD_ID = 1;

/**
 * A lead's rescoring job (`lead:<id>` on the `scoring` queue) run more than once, as Bull does when a worker
 * dies after storing the calculation (the attempt fails and is retried) or an operator retries a failed job
 * through the API: the lead's history gets one entry per job, not per run. A new job for the same lead,
 * under the same id, is a calculation of its own. The job runs in the real processor on the API's real
 * scoring services; the failure after the calculation is stored is what this test's handler adds.
 */
describe('a rescoring job run again stores one calculation', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;
  let db: Connection;
  let scoring: Bull.Queue<ScoringJob>;
  /** Attempts that still end in a failure after the calculation was stored. */
  let failuresLeft = 0;
  let runs = 0;

  beforeAll(async () => {
    [app, base, admin] = await startApi(config, 'admin');
    db = await connectMongo(config);
    const processor = new ScoringProcessor(app.get(ScoringService, { strict: false }));
    scoring = new Bull<ScoringJob>(QUEUES.scoring, config.REDIS_URL, bullQueueOptions(config));
    void scoring.process(async (job) => {
      const result = await processor.run(job);
      runs += 1;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('the worker was lost after storing the calculation');
      }
      return result;
    });
  });

  afterAll(async () => {
    await scoring.close();
    await app.close();
    await db.close();
  });

  const entries = () => db.collection('lead_scores').find({ lead_id: LEAD_ID }).sort({ seq: 1 }).toArray();
  const stateOf = async (jobId: string) => (await scoring.getJob(jobId))?.getState();
  /** Waits until the job reaches `state` (`failed` once it has no attempts left) and returns it. */
  const untilState = (jobId: string, state: 'completed' | 'failed') =>
    until(
      () => stateOf(jobId),
      (current) => current === state,
      { what: `job ${jobId} to be ${state}`, timeoutMs: 60_000 },
    );

  it('stores one entry however often Bull or the API runs the job, and one more for a new job', async () => {
    const rule = await callApi(base, 'POST', `${API}/scoring-rules/`, admin, {
      name: 'Has an email',
      rule_type: 'demographic',
      field_name: 'email',
      operator: 'is_not_empty',
      value: '',
      points: 20,
      is_active: true,
    });
    expect(rule.status).toBe(201);
    await db
      .collection('leads')
      .insertOne(storedLead({ id: LEAD_ID, first_name: 'Ada', email: 'ada@example.com' }));
    const jobId = scoringJobId(LEAD_ID);

    // Two attempts, each failing after it stored the calculation: Bull retries once, then keeps it failed.
    failuresLeft = 2;
    await scoring.add(
      { lead_id: LEAD_ID },
      { jobId, attempts: 2, removeOnComplete: false, removeOnFail: false },
    );
    expect(await untilState(jobId, 'failed')).toBe('failed');
    expect(runs).toBe(2);
    const afterRetries = await entries();
    expect(afterRetries).toEqual([expect.objectContaining({ seq: 1, score: 20, previous_score: 0 })]);

    // An operator runs it again through the API; this time it completes.
    const retried = await callApi(base, 'POST', `/api/jobs/scoring/${jobId}/retry/`, admin);
    expect(retried.status).toBe(200);
    expect(await untilState(jobId, 'completed')).toBe('completed');
    expect(runs).toBe(3);
    expect(await entries()).toEqual(afterRetries);
    expect(await db.collection('leads').findOne({ id: LEAD_ID })).toMatchObject({ score: 20, score_seq: 1 });

    // The lead changes again: a new job under the same id (the finished one is gone) scores it once more.
    await (await scoring.getJob(jobId))?.remove();
    await scoring.add({ lead_id: LEAD_ID }, { jobId, removeOnComplete: false });
    expect(await untilState(jobId, 'completed')).toBe('completed');
    expect(runs).toBe(4);
    expect(await entries()).toEqual([
      expect.objectContaining({ seq: 1, score: 20 }),
      expect.objectContaining({ seq: 2, score: 20, previous_score: 20 }),
    ]);
  }, 120_000);
});
