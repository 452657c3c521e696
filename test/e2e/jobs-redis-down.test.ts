import type { INestApplication } from '@nestjs/common';
import {
  callApi,
  callApiWithHeaders,
  createTestContext,
  type PrivateRedis,
  startPrivateRedis,
  until,
  type UntilOptions,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/** Calls repeat until they answer as expected: Bull's clients notice a stop or a restart in their time. */
const within = (what: string): UntilOptions => ({ what, timeoutMs: 30_000 });

const REDIS_DOWN = {
  status_code: 503,
  error: 'Service Unavailable',
  message: expect.stringMatching(/redis/i) as unknown,
  errors: [{ field: '', code: 'REDIS_UNAVAILABLE', message: expect.stringMatching(/^redis /) as unknown }],
};

/**
 * Bull's clients wait out a Redis restart (`maxRetriesPerRequest: null`), so an API call on a queue would
 * hang while Redis is down; instead the enrichment and jobs endpoints answer a 503 naming redis, queue
 * nothing, and work again once Redis is back. Redis is this file's own (it is stopped), with an append-only
 * file so that the job queued before the stop is still there after it.
 */
describe('queue endpoints while Redis is down', () => {
  let redis: PrivateRedis;
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendOnly: true });
    [app, base, admin] = await startApi(createTestContext({ REDIS_URL: redis.url }).config, 'admin');
  });

  afterAll(async () => {
    await app.close();
    await redis.dispose();
  });

  it('answer 503 naming redis at once, queue nothing, and work again after a restart', async () => {
    const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, admin, body);
    const created = await call('POST', '/api/leads/', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      company: 'Analytical',
    });
    expect(created.status).toBe(201);
    const leadId = created.body.id as number;
    const enrichOne = () => call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' });
    const before = await enrichOne();
    expect(before.status).toBe(202);
    expect((await call('GET', '/api/jobs/')).status).toBe(200);

    await redis.stop();
    const overview = await until(
      () => call('GET', '/api/jobs/'),
      (reply) => reply.status === 503,
      within('GET /api/jobs/ to answer 503 with Redis stopped'),
    );
    expect(overview).toEqual({ status: 503, body: REDIS_DOWN });
    expect(await enrichOne()).toEqual({ status: 503, body: REDIS_DOWN });
    expect(await call('POST', '/api/leads/enrich/', { lead_ids: [leadId], source: 'dataset' })).toEqual({
      status: 503,
      body: REDIS_DOWN,
    });
    expect(await call('GET', `/api/leads/enrich/jobs/${before.body.job_id}/`)).toEqual({
      status: 503,
      body: REDIS_DOWN,
    });
    expect(await call('GET', `/api/jobs/enrichment/${before.body.job_id}/`)).toEqual({
      status: 503,
      body: REDIS_DOWN,
    });
    expect(await call('POST', `/api/jobs/enrichment/${before.body.job_id}/retry/`)).toEqual({
      status: 503,
      body: REDIS_DOWN,
    });
    expect(
      await call('POST', '/api/lead-qualification/lead-scores/bulk_calculate/', { recalculate_all: true }),
    ).toEqual({ status: 503, body: REDIS_DOWN });
    expect(await call('GET', '/api/lead-qualification/lead-scores/bulk_calculate/1/')).toEqual({
      status: 503,
      body: REDIS_DOWN,
    });
    // An import stores its leads all the same and says that their scoring is not queued.
    expect(
      await call('POST', '/api/leads/import/', [
        { first_name: 'I', last_name: 'Mport', email: 'i@example.com' },
      ]),
    ).toMatchObject({ status: 200, body: { created: 1, failed: 0, scoring_queued: false } });
    // A rule saved meanwhile is stored and published all the same, only not rescored (no X-Rescoring-Job):
    // the daily recalculation scores with it.
    const versionsBefore = (await call('GET', '/api/lead-qualification/scoring-rules/versions/')).body
      .count as number;
    const rule = await callApiWithHeaders(base, 'POST', '/api/lead-qualification/scoring-rules/', admin, {
      name: 'Decision Maker',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'director',
      points: 15,
    });
    expect(rule.status).toBe(201);
    expect(rule.headers.get('x-rescoring-job')).toBeNull();
    expect((await call('GET', '/api/lead-qualification/scoring-rules/versions/')).body.count).toBe(
      versionsBefore + 1,
    );
    // Reading needs nothing of Redis, so it still answers.
    expect((await call('GET', `/api/leads/${leadId}/enrichment/`)).status).toBe(200);

    await redis.start();
    const after = await until(
      enrichOne,
      (reply) => reply.status !== 503,
      within('enriching a lead to stop answering 503 with Redis back'),
    );
    expect(after.status).toBe(202);
    expect((await call('GET', `/api/leads/enrich/jobs/${before.body.job_id}/`)).body).toMatchObject({
      lead_id: leadId,
      state: 'waiting',
    });
    // No worker runs here: the job from before the stop and the one after it wait, and none of the refused
    // calls was queued behind Redis's back.
    const jobs = await call('GET', '/api/jobs/');
    expect(jobs.status).toBe(200);
    expect(jobs.body.queues).toContainEqual(
      expect.objectContaining({
        name: 'enrichment',
        counts: expect.objectContaining({ waiting: 2 }) as unknown,
      }),
    );
  }, 120_000);
});
