// Enrichment end to end: the API queues jobs on the real Redis, the worker's processors (enrichment and
// scoring) run them against the real MongoDB-wire server, the `dataset` source reads the shipped company file
// and the `clearbit` source talks to a real HTTP server on loopback that speaks Clearbit's Company API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import type { Config } from '@leadflow/config';
import { EnrichmentWorkerModule } from '@leadflow/enrichment';
import { connectMongo } from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  loginAs,
  type Reply,
  until,
  type UntilOptions,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { startInProcessWorker } from '../harness/in-process-worker';
import COMPANY from '../../libs/services/enrichment/src/fixtures/clearbit-company.json';

const API_KEY = 'sk_test_local';
type Json = Reply['body'];

/** Requests the local Clearbit-shaped server received, with their Authorization header. */
const received: { path: string; authorization: string | undefined }[] = [];

function clearbitShaped(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  received.push({ path: url.pathname + url.search, authorization: request.headers.authorization });
  const send = (status: number, body: unknown, location?: string) => {
    response.writeHead(status, { 'content-type': 'application/json', ...(location && { location }) });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/to-metadata') {
    // An allowed host that redirects to the cloud metadata address: the guard must refuse the hop.
    send(302, {}, 'http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    return;
  }
  if (request.headers.authorization !== `Bearer ${API_KEY}`) send(401, { error: 'key' });
  else if (url.searchParams.get('domain') !== COMPANY.domain) send(404, { error: 'unknown' });
  else send(200, COMPANY);
}

describe('lead enrichment (dataset and clearbit sources, through the API and the worker)', () => {
  let server: Server;
  let config: Config;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let admin: Record<string, string>;

  const call = (method: string, path: string, body?: unknown, headers = editor): Promise<Reply> =>
    callApi(base, method, path, headers, body);

  /** How long a wait on the queues may take here: jobs share two cores with other suites. */
  const within = (what: string): UntilOptions => ({ what, timeoutMs: 45_000 });

  const finishedJob = async (jobId: string): Promise<Json> =>
    until(
      async () => (await call('GET', `/api/leads/enrich/jobs/${jobId}/`, undefined, viewer)).body,
      (job: Json) => job.state === 'completed' || job.state === 'failed',
      within(`enrichment job ${jobId} to complete or fail`),
    );

  /** The scoring queue has nothing left to run, so every queued rescoring has been written. */
  const scoringIdle = async (): Promise<void> => {
    await until(
      async () => (await call('GET', '/api/jobs/', undefined, admin)).body,
      (overview: Json) => {
        const scoring = overview.queues.find((queue: Json) => queue.name === 'scoring');
        const counts = scoring.counts as { waiting: number; active: number; delayed: number };
        return counts.waiting + counts.active + counts.delayed === 0;
      },
      within('the scoring queue to have nothing waiting, active or delayed'),
    );
  };

  /** A workflow that creates a task when `field` changes: enrichment fires it as an API edit does. */
  async function createTaskOnFieldUpdate(name: string, field: string, title: string): Promise<Reply> {
    const workflow = await call('POST', '/api/lead-qualification/workflows/', {
      name,
      trigger_type: 'field_update',
      trigger_config: { field },
      action_type: 'create_task',
      action_config: { title },
    });
    expect(workflow.status).toBe(201);
    return workflow;
  }

  async function createLead(fields: Json): Promise<number> {
    const created = await call('POST', '/api/leads/', fields);
    if (created.status !== 201) throw new Error(`creating a lead failed: ${JSON.stringify(created.body)}`);
    return created.body.id as number;
  }

  const lead = async (id: number): Promise<Json> => (await call('GET', `/api/leads/${id}/`)).body;

  beforeAll(async () => {
    server = createServer(clearbitShaped);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    ({ config } = createTestContext({
      CLEARBIT_API_KEY: API_KEY,
      CLEARBIT_URL_TEMPLATE: `http://127.0.0.1:${port}/v2/companies/find?domain={domain}`,
      // The explicit allowlist: the local Clearbit stand-in and nothing else that is private.
      OUTBOUND_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${port}`,
      // A source at the metadata address itself is refused at start (providers-from-config.spec.ts).
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        {
          name: 'redirector',
          url_template: `http://127.0.0.1:${port}/to-metadata?domain={domain}`,
          mapping: { industry: 'industry' },
        },
      ]),
      ENRICHMENT_HTTP_RETRIES: '0',
    }));
    [app, base] = await startApi(config);
    worker = await startInProcessWorker(config, [EnrichmentWorkerModule]);
    editor = await loginAs(base, 'editor');
    viewer = await loginAs(base, 'viewer');
    admin = await loginAs(base, 'admin');
    // Rules over the enrichment fields, so that an enrichment moves the score.
    for (const rule of [
      {
        name: 'Big company',
        rule_type: 'firmographic',
        field_name: 'company_revenue',
        operator: 'greater_than',
        value: '5000000',
        points: 30,
      },
      {
        name: 'Executive',
        rule_type: 'demographic',
        field_name: 'job_level',
        operator: 'equals',
        value: 'executive',
        points: 20,
      },
    ]) {
      const created = await call('POST', '/api/lead-qualification/scoring-rules/', rule);
      if (created.status !== 201) throw new Error(`creating a rule failed: ${JSON.stringify(created.body)}`);
    }
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
    await new Promise((resolve) => server.close(resolve));
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('refuses an unknown source with 400 listing the known ones, and an unknown lead with 404', async () => {
    const leadId = await createLead({ email: 'someone@maplecloud.example' });
    const unknownSource = await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'zoominfo' });
    expect(unknownSource.status).toBe(400);
    expect(unknownSource.body.message).toBe(
      'unknown enrichment source "zoominfo" (known: clearbit, dataset, redirector)',
    );
    expect(unknownSource.body.errors).toEqual([expect.objectContaining({ field: 'source' })]);

    expect((await call('POST', '/api/leads/999999/enrich/', { source: 'dataset' })).status).toBe(404);
    const batch = await call('POST', '/api/leads/enrich/', {
      lead_ids: [leadId, 999998, 999999],
      source: 'dataset',
    });
    expect(batch.status).toBe(404);
    expect(batch.body.errors.map((error: Json) => error.message)).toEqual([
      'lead 999998 does not exist',
      'lead 999999 does not exist',
    ]);

    const malformed = await call('POST', '/api/leads/enrich/', {
      lead_ids: ['x'],
      overwrite: 'yes',
      extra: 1,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: Json) => error.field).sort()).toEqual(
      expect.arrayContaining(['extra', 'lead_ids', 'overwrite', 'source']),
    );
    expect((await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' }, viewer)).status).toBe(
      403,
    );
    expect((await call('GET', '/api/leads/enrich/jobs/424242/', undefined, viewer)).status).toBe(404);
    expect((await call('GET', '/api/leads/enrich/sources/', undefined, viewer)).body).toEqual({
      sources: ['clearbit', 'dataset', 'redirector'],
    });
  });

  it('fills empty fields from the dataset with provenance, keeps what the user typed, and rescores', async () => {
    // A field the enrichment changes fires field_update workflows like an edit through the API does.
    const workflow = await createTaskOnFieldUpdate('Revenue known', 'company_revenue', 'Size up the account');
    const leadId = await createLead({
      email: 'ada@maplecloud.example',
      title: 'VP of Engineering',
      industry: 'Manufacturing',
    });
    await scoringIdle();
    const before = await lead(leadId);
    expect(before.score).toBe(0);

    const queued = await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ lead_id: leadId, source: 'dataset', overwrite: false });
    const job = await finishedJob(queued.body.job_id);
    expect(job.state).toBe('completed');
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ lead_found: true, matched: true, rescoring_queued: true });
    expect(job.result.kept_fields).toEqual(['industry']);
    expect([...job.result.updated_fields].sort()).toEqual(
      ['company_revenue', 'company_size', 'job_level', 'social_profiles', 'technologies'].sort(),
    );

    const enriched = await lead(leadId);
    expect(enriched).toMatchObject({
      industry: 'Manufacturing',
      company_revenue: 309100000,
      company_size: '501-1000',
      job_level: 'executive',
      technologies: ['gcp', 'marketo', 'react', 'salesforce', 'wordpress'],
      social_profiles: { linkedin: 'company/maplecloud', twitter: 'maplecloud' },
    });

    const provenance = (await call('GET', `/api/leads/${leadId}/enrichment/`, undefined, viewer)).body;
    expect(Object.keys(provenance.fields).sort()).toEqual(
      ['company_revenue', 'company_size', 'job_level', 'social_profiles', 'technologies'].sort(),
    );
    expect(provenance.fields.company_revenue).toEqual({
      value: 309100000,
      source: 'dataset',
      fetched_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      current: true,
    });
    expect(Date.parse(provenance.fields.company_revenue.fetched_at)).toBeGreaterThanOrEqual(
      Date.parse(job.started_at),
    );

    // The enrichment queued the lead's rescoring: both rules now match.
    const rescored = await until(
      () => lead(leadId),
      (current: Json) => current.score === 50,
      within(`lead ${leadId} to be rescored to 50`),
    );
    expect(rescored.score).toBe(50);
    expect(rescored.score_breakdown).toMatchObject({ firmographic: 30, demographic: 20 });

    const executions = await until(
      async () =>
        (await call('GET', `/api/lead-qualification/workflow-executions/?lead=${leadId}`, undefined, viewer))
          .body.results as Json[],
      (found) => found.some((execution) => execution.trigger_type === 'field_update'),
      within(`a field_update workflow execution for lead ${leadId}`),
    );
    expect(executions.filter((execution) => execution.workflow_definition_id === workflow.body.id)).toEqual([
      expect.objectContaining({ trigger_type: 'field_update' }),
    ]);
  });

  it('replaces a typed value only with overwrite: true, and says which values a user changed since', async () => {
    const leadId = await createLead({ email: 'bo@cedarmedia.example', industry: 'Publishing' });
    await scoringIdle();
    const kept = await finishedJob(
      (await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' })).body.job_id,
    );
    expect(kept.result.kept_fields).toEqual(['industry']);
    expect((await lead(leadId)).industry).toBe('Publishing');

    await scoringIdle();
    const overwritten = await finishedJob(
      (await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset', overwrite: true })).body
        .job_id,
    );
    expect(overwritten.state).toBe('completed');
    expect(overwritten.result.kept_fields).toEqual([]);
    expect(overwritten.result.updated_fields).toEqual(['industry']);
    expect((await lead(leadId)).industry).toBe('Media');

    // A user edits an enriched value: provenance says it is no longer current, and the next enrichment
    // without overwrite keeps the edit.
    await scoringIdle();
    expect((await call('PATCH', `/api/leads/${leadId}/`, { company_size: '201-500' })).status).toBe(200);
    const provenance = (await call('GET', `/api/leads/${leadId}/enrichment/`)).body;
    expect(provenance.fields.company_size).toMatchObject({ value: '51-200', current: false });
    expect(provenance.fields.industry).toMatchObject({ value: 'Media', source: 'dataset', current: true });
    await scoringIdle();
    const again = await finishedJob(
      (await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' })).body.job_id,
    );
    expect(again.result.kept_fields).toEqual(['company_size']);
    expect((await lead(leadId)).company_size).toBe('201-500');
  });

  it('enriches from the clearbit source over HTTP with its key, mapping its shape', async () => {
    const leadId = await createLead({ email: 'cy@bluefjord.example', title: 'Data Analyst' });
    await scoringIdle();
    const job = await finishedJob(
      (await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'clearbit' })).body.job_id,
    );
    expect(job.state).toBe('completed');
    expect(received).toContainEqual({
      path: '/v2/companies/find?domain=bluefjord.example',
      authorization: `Bearer ${API_KEY}`,
    });
    expect(await lead(leadId)).toMatchObject({
      industry: 'Internet Software & Services',
      company_size: '51-250',
      company_revenue: 10000000,
      technologies: ['google_analytics', 'hubspot', 'aws_route_53'],
      social_profiles: { twitter: 'bluefjord', linkedin: 'company/bluefjord' },
      job_level: 'mid',
    });
    const provenance = (await call('GET', `/api/leads/${leadId}/enrichment/`)).body;
    expect(provenance.fields.industry).toMatchObject({ source: 'clearbit', current: true });
    expect(
      (
        await until(
          () => lead(leadId),
          (current: Json) => current.score === 30,
          within(`lead ${leadId} to be rescored to 30`),
        )
      ).score,
    ).toBe(30);

    // A lead the provider does not know: the job completes and changes nothing.
    const unknownId = await createLead({ email: 'dee@nowhere.example' });
    const unknown = await finishedJob(
      (await call('POST', `/api/leads/${unknownId}/enrich/`, { source: 'clearbit' })).body.job_id,
    );
    expect(unknown.result).toMatchObject({ matched: false, updated_fields: [], rescoring_queued: false });
  });

  it('refuses SSRF destinations: the job fails once, not retried, with the reason readable through the API', async () => {
    const leadId = await createLead({ email: 'eve@maplecloud.example', industry: 'SaaS' });
    await scoringIdle();
    for (const source of ['redirector']) {
      const job = await finishedJob(
        (await call('POST', `/api/leads/${leadId}/enrich/`, { source })).body.job_id,
      );
      expect(job.state).toBe('failed');
      expect(job.attempts_made).toBe(1);
      expect(job.max_attempts).toBe(3);
      expect(job.error).toMatch(
        /^outbound request to http:\/\/169\.254\.169\.254\/.* refused: .*169\.254\.169\.254/,
      );
      expect(job.result).toBeNull();

      const viaJobs = await call('GET', `/api/jobs/enrichment/${job.job_id}/`, undefined, admin);
      expect(viaJobs.body).toMatchObject({ queue: 'enrichment', state: 'failed', error: job.error });
    }
    expect((await lead(leadId)).industry).toBe('SaaS');
    expect(received.some((request) => request.path.startsWith('/to-metadata'))).toBe(true);
  });

  it('fails the job while its rescoring cannot be queued, and the retry queues it without firing triggers twice', async () => {
    const workflow = await createTaskOnFieldUpdate('Stack known', 'technologies', 'Look at the stack');
    const leadId = await createLead({ email: 'gus@maplecloud.example', title: 'CEO' });
    await scoringIdle();
    // A string where Bull keeps the lead's rescoring job: Redis answers WRONGTYPE to reading it, so the
    // enrichment writes the lead and then cannot queue its rescoring.
    const redis = new Redis(config.REDIS_URL);
    const rescoringKey = `${config.REDIS_PREFIX}:scoring:lead:${leadId}`;
    let jobId = '';
    try {
      await redis.set(rescoringKey, 'not a job');
      jobId = (await call('POST', `/api/leads/${leadId}/enrich/`, { source: 'dataset' })).body
        .job_id as string;
      const failedOnce = await until(
        async () => (await call('GET', `/api/leads/enrich/jobs/${jobId}/`, undefined, viewer)).body,
        (job: Json) => job.attempts_made >= 1,
        within(`enrichment job ${jobId} to have failed an attempt`),
      );
      // Failed, not completed with `rescoring_queued: true` (a completed job has a result), and held for
      // another attempt, not failed for good: in its 2 s backoff (delayed), or, on a slow machine, past it
      // and waiting for the worker or already taken again (active) when the read arrives.
      expect(failedOnce).toMatchObject({ attempts_made: 1, result: null });
      expect(['delayed', 'waiting', 'active']).toContain(failedOnce.state);
      expect(failedOnce.error).toMatch(/WRONGTYPE/);
      // The first attempt wrote the values already; only the rescoring is missing.
      expect((await lead(leadId)).company_revenue).toBe(309100000);
      expect((await lead(leadId)).score).toBe(0);
    } finally {
      await redis.del(rescoringKey);
      redis.disconnect();
    }

    const retried = await finishedJob(jobId);
    // Bull counts failed attempts: the one that could not queue the rescoring.
    expect(retried).toMatchObject({ state: 'completed', attempts_made: 1, error: null });
    // The retry found its own values: refreshed, not updated, and its rescoring queued this time.
    expect(retried.result).toMatchObject({ updated_fields: [], rescoring_queued: true });
    expect([...retried.result.refreshed_fields].sort()).toEqual(
      ['company_revenue', 'company_size', 'industry', 'job_level', 'social_profiles', 'technologies'].sort(),
    );
    const rescored = await until(
      () => lead(leadId),
      (current: Json) => current.score === 50,
      within(`lead ${leadId} to be rescored to 50`),
    );
    expect(rescored.score).toBe(50);
    // One field_update run for the one change, however many attempts the job took.
    const executions = (
      await call('GET', `/api/lead-qualification/workflow-executions/?lead=${leadId}`, undefined, viewer)
    ).body.results as Json[];
    expect(executions.filter((execution) => execution.workflow_definition_id === workflow.body.id)).toEqual([
      expect.objectContaining({ trigger_type: 'field_update' }),
    ]);
  });

  it('enriches many leads with one request, one job per distinct lead', async () => {
    const ids = [
      await createLead({ email: 'f1@emberdata.example' }),
      await createLead({ email: 'f2@emberdata.example', title: 'Junior Analyst' }),
      await createLead({ email: 'mc@gmail.com', company: 'Maple Cloud, Inc.' }),
    ];
    await scoringIdle();
    const batch = await call('POST', '/api/leads/enrich/', { lead_ids: [...ids, ids[0]], source: 'dataset' });
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({ source: 'dataset', count: 3 });
    expect(batch.body.jobs.map((job: Json) => job.lead_id)).toEqual(ids);
    const jobs = await Promise.all(batch.body.jobs.map((job: Json) => finishedJob(job.job_id)));
    expect(jobs.map((job) => job.state)).toEqual(['completed', 'completed', 'completed']);
    const leads = await Promise.all(ids.map(lead));
    expect(leads.map((each) => each.industry)).toEqual(['SaaS', 'SaaS', 'SaaS']);
    expect(leads.map((each) => each.company_revenue)).toEqual([473400000, 473400000, 309100000]);
    expect(leads[1].job_level).toBe('entry');
  });
});
