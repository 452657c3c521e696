// Operations on the Bull queues: /api/jobs counts and failed jobs with their errors, retrying a failed job,
// and the Bull Board at /admin/queues for admins only (by header and by the console's cookie). Real Redis,
// MongoDB and the worker's enrichment processor; a local HTTP provider that fails until told otherwise.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Config } from '@leadflow/config';
import { EnrichmentWorkerModule } from '@leadflow/enrichment';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, loginAs, type Reply, until } from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { startInProcessWorker } from '../harness/in-process-worker';

type Json = Reply['body'];

describe('job operations: /api/jobs and the Bull Board', () => {
  /** The provider's answer: 400 ("bad request", not retried) until the test switches it to a company. */
  let providerAnswers: 'bad-request' | 'company' = 'bad-request';
  let server: Server;
  let config: Config;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let admin: Record<string, string>;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    callApi(base, method, path, headers, body);

  const jobState = (jobId: string) =>
    until(
      async () => (await call('GET', `/api/jobs/enrichment/${jobId}/`, admin)).body,
      (job: Json) => job.state === 'completed' || job.state === 'failed',
      { what: `enrichment job ${jobId} to complete or fail`, timeoutMs: 45_000 },
    );

  /** The token of a user as the console keeps it: in the `leadflow_token` cookie. */
  const cookieOf = (headers: Record<string, string>) => ({
    cookie: `theme=dark; leadflow_token=${(headers.authorization ?? '').replace(/^Bearer /, '')}`,
  });

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(providerAnswers === 'company' ? 200 : 400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(providerAnswers === 'company' ? { industry: 'Robotics' } : { error: 'no' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ({ config } = createTestContext({
      OUTBOUND_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${port}`,
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        {
          name: 'local',
          url_template: `http://127.0.0.1:${port}/companies?domain={domain}`,
          mapping: { industry: 'industry' },
        },
      ]),
    }));
    [app, base] = await startApi(config);
    worker = await startInProcessWorker(config, [EnrichmentWorkerModule]);
    admin = await loginAs(base, 'admin');
    editor = await loginAs(base, 'editor');
    viewer = await loginAs(base, 'viewer');
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await new Promise((resolve) => server.close(resolve));
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('lists counts per queue and failed jobs with their errors, and retries a failed job', async () => {
    const empty = await call('GET', '/api/jobs/', admin);
    expect(empty.status).toBe(200);
    expect(empty.body.queues.map((queue: Json) => queue.name)).toEqual([
      'scoring',
      'bulk-scoring',
      'enrichment',
      'maintenance',
    ]);
    expect(empty.body.queues[2]).toEqual({
      name: 'enrichment',
      counts: { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0, paused: 0 },
      failed: [],
    });

    const leadId = (await call('POST', '/api/leads/', editor, { email: 'kim@robots.example' })).body.id;
    const queued = await call('POST', `/api/leads/${leadId}/enrich/`, editor, { source: 'local' });
    expect(queued.status).toBe(202);
    const failed = await jobState(queued.body.job_id);
    expect(failed).toMatchObject({ state: 'failed', attempts_made: 1, error: 'local: answered 400' });

    const overview = (await call('GET', '/api/jobs/?failed_limit=5', admin)).body;
    const enrichment = overview.queues.find((queue: Json) => queue.name === 'enrichment');
    expect(enrichment.counts.failed).toBe(1);
    expect(enrichment.failed).toEqual([
      expect.objectContaining({
        queue: 'enrichment',
        job_id: queued.body.job_id,
        state: 'failed',
        data: { lead_id: leadId, source: 'local', overwrite: false },
        error: 'local: answered 400',
      }),
    ]);
    expect(
      (await call('GET', '/api/jobs/?failed_limit=5&failed_offset=1', admin)).body.queues[2].failed,
    ).toEqual([]);

    // The provider is fixed; retrying the failed job now enriches the lead.
    providerAnswers = 'company';
    const retried = await call('POST', `/api/jobs/enrichment/${queued.body.job_id}/retry/`, admin);
    expect(retried.status).toBe(200);
    expect(['waiting', 'active', 'completed']).toContain(retried.body.state);
    const completed = await jobState(queued.body.job_id);
    expect(completed).toMatchObject({ state: 'completed', error: null });
    expect(completed.result).toMatchObject({ updated_fields: ['industry'] });
    expect((await call('GET', `/api/leads/${leadId}/`, viewer)).body.industry).toBe('Robotics');

    // Only a failed job can be retried.
    const again = await call('POST', `/api/jobs/enrichment/${queued.body.job_id}/retry/`, admin);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`job ${queued.body.job_id} of queue enrichment is completed, not failed`);
  });

  it('answers 404 for an unknown queue or job, 400 for bad paging, and 403 for non-admins', async () => {
    const unknownQueue = await call('POST', '/api/jobs/emails/1/retry/', admin);
    expect(unknownQueue.status).toBe(404);
    expect(unknownQueue.body.message).toBe(
      'queue emails does not exist (queues: scoring, bulk-scoring, enrichment, maintenance)',
    );
    expect((await call('POST', '/api/jobs/enrichment/987654/retry/', admin)).status).toBe(404);
    expect((await call('GET', '/api/jobs/scoring/lead:987654/', admin)).status).toBe(404);
    const paging = await call('GET', '/api/jobs/?failed_limit=500&failed_offset=-1', admin);
    expect(paging.status).toBe(400);
    expect(paging.body.errors.map((error: Json) => error.field).sort()).toEqual([
      'failed_limit',
      'failed_offset',
    ]);
    expect((await call('GET', '/api/jobs/', editor)).status).toBe(403);
    expect((await call('POST', '/api/jobs/enrichment/1/retry/', viewer)).status).toBe(403);
    expect((await call('GET', '/api/jobs/', {})).status).toBe(401);
  });

  it('serves the Bull Board to admins only, by bearer token, X-API-Key or the console cookie', async () => {
    const page = (headers: Record<string, string>) => fetch(`${base}/admin/queues`, { headers });

    const anonymous = await page({});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json).message).toMatch(/leadflow_token cookie/);
    expect((await page({ authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    expect((await page({ cookie: 'leadflow_token=not-a-jwt' })).status).toBe(401);
    expect((await page({ authorization: viewer.authorization ?? '' })).status).toBe(403);
    expect((await page(cookieOf(editor))).status).toBe(403);

    const byHeader = await page({ authorization: admin.authorization ?? '' });
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('content-type')).toMatch(/text\/html/);
    expect(await byHeader.text()).toContain('/admin/queues');

    const byCookie = await page(cookieOf(admin));
    expect(byCookie.status).toBe(200);
    // The board's own API, as its page calls it with the cookie: every queue of this deployment.
    const queues = await fetch(`${base}/admin/queues/api/queues?activeQueue=enrichment`, {
      headers: cookieOf(admin),
    });
    expect(queues.status).toBe(200);
    const names = ((await queues.json()) as Json).queues.map((queue: Json) => queue.name);
    expect(names.sort()).toEqual(['bulk-scoring', 'enrichment', 'maintenance', 'scoring']);
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: cookieOf(viewer) })).status).toBe(403);

    const created = await call('POST', '/api/api-keys/', admin, { name: 'ops', role: 'admin' });
    expect(created.status).toBe(201);
    expect((await page({ 'x-api-key': created.body.key })).status).toBe(200);
  });
});
