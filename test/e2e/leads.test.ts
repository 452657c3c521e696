import type { INestApplication } from '@nestjs/common';
import Bull from 'bull';
import { bullQueueOptions, QUEUES, type ScoringJob } from '@leadflow/jobs';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, loginAs, type Reply } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const fieldsOf = (body: { errors: { field: string }[] }) => body.errors.map((error) => error.field).sort();

describe('leads API: CRUD, filters, activities, import, rescoring queue', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let scoringQueue: Bull.Queue<ScoringJob>;

  const call = (method: string, path: string, auth: Record<string, string> = {}, body?: unknown) =>
    callApi(base, method, path, auth, body);

  async function createLead(
    fields: Record<string, unknown>,
  ): Promise<{ id: number } & Record<string, unknown>> {
    const reply = await call('POST', '/api/leads/', editor, fields);
    expect(reply.status).toBe(201);
    return reply.body;
  }

  async function pendingJobsOf(leadId: number): Promise<string[]> {
    const jobs = await scoringQueue.getJobs(['waiting', 'delayed']);
    return jobs.filter((job) => job.data.lead_id === leadId).map((job) => String(job.id));
  }

  beforeAll(async () => {
    [app, base, editor, viewer] = await startApi(config, 'editor', 'viewer');
    // owner_id must name a user: the admin, editor and viewer above are users 1 to 3; users 4 to 9 make the
    // owner ids used below (3, 5, 7, 8) exist.
    for (let made = 0; made < 6; made += 1) await loginAs(base, 'viewer');
    const options = bullQueueOptions(config);
    scoringQueue = new Bull<ScoringJob>(QUEUES.scoring, options.url, options);
  });

  afterAll(async () => {
    await scoringQueue.obliterate({ force: true });
    await scoringQueue.close();
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('creates, reads, patches, replaces and deletes a lead with integer ids', async () => {
    const created = await createLead({
      first_name: 'John',
      last_name: 'Doe',
      email: 'john.doe@acme.com',
      company: 'Acme Corp',
      industry: 'SaaS',
      company_size: '51-200',
      title: 'Director of Engineering',
      company_revenue: 25_000_000,
      technologies: ['salesforce', 'aws'],
      social_profiles: { linkedin: 'https://www.linkedin.com/in/johndoe' },
      custom_fields: { region: 'EMEA', trial_user: true },
      created_at: '2025-12-01T08:00:00Z',
    });
    expect(created).toMatchObject({
      id: expect.any(Number),
      status: 'new',
      score: 0,
      qualification_stage: 'unqualified',
      owner_id: null,
      phone: null,
      created_at: '2025-12-01T08:00:00.000Z',
      custom_fields: { region: 'EMEA', trial_user: true },
    });
    expect(Number.isInteger(created.id)).toBe(true);

    const read = await call('GET', `/api/leads/${created.id}`, viewer);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const patched = await call('PATCH', `/api/leads/${created.id}/`, editor, {
      status: 'contacted',
      company: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'contacted', company: null, industry: 'SaaS' });

    const replaced = await call('PUT', `/api/leads/${created.id}/`, editor, {
      email: 'jd@acme.com',
      owner_id: 5,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ email: 'jd@acme.com', owner_id: 5, industry: null, status: 'new' });
    expect(replaced.body.created_at).toBe('2025-12-01T08:00:00.000Z');

    expect((await call('DELETE', `/api/leads/${created.id}/`, editor)).status).toBe(204);
    const gone = await call('GET', `/api/leads/${created.id}`, viewer);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status_code: 404, error: 'Not Found' });
    expect((await call('PATCH', `/api/leads/${created.id}`, editor, { status: 'lost' })).status).toBe(404);
  });

  it('answers 400 for non-integer ids and 404 for unknown ones', async () => {
    for (const id of ['1e3', 'abc', '1.5', '-3', '0']) {
      const reply = await call('GET', `/api/leads/${id}`, viewer);
      expect([id, reply.status, reply.body.errors]).toEqual([
        id,
        400,
        [expect.objectContaining({ field: 'id' })],
      ]);
    }
    expect((await call('GET', '/api/leads/987654', viewer)).status).toBe(404);
    expect(
      (await call('POST', '/api/leads/987654/activities/', editor, { type: 'email_opened' })).status,
    ).toBe(404);
  });

  it('lists every bad field in one 400, refuses read-only and unknown fields, never a 500', async () => {
    const bad = await call('POST', '/api/leads/', editor, {
      email: 'not-an-email',
      first_name: 42,
      owner_id: 'five',
      company_size: { big: true },
      technologies: 'aws',
      status: 'Not Snake',
      created_at: 'yesterday',
      custom_fields: ['x'],
      qualification_stage: 'sql',
      score: 100,
      unknown_field: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status_code: 400, error: 'Bad Request' });
    expect(new Set(fieldsOf(bad.body))).toEqual(
      new Set([
        'email',
        'first_name',
        'owner_id',
        'company_size',
        'technologies',
        'status',
        'created_at',
        'custom_fields',
        'qualification_stage',
        'score',
        'unknown_field',
      ]),
    );
    expect((await call('POST', '/api/leads/', editor, {})).status).toBe(400);
    expect((await call('POST', '/api/leads/', editor, [])).status).toBe(400);
    const lead = await createLead({ email: 'readonly@example.com' });
    const stage = await call('PATCH', `/api/leads/${lead.id}`, editor, { qualification_stage: 'sql' });
    expect(stage.status).toBe(400);
    expect(fieldsOf(stage.body)).toEqual(['qualification_stage']);
    expect(
      (await call('PATCH', `/api/leads/${lead.id}`, editor, { created_at: '2020-01-01T00:00:00Z' })).status,
    ).toBe(400);
  });

  it('refuses an operator object such as {"email": {"$ne": null}} with a 400 and stores nothing', async () => {
    const before = (await call('GET', '/api/leads/', viewer)).body.count;
    const reply = await call('POST', '/api/leads/', editor, { email: { $ne: null } });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body)).toContain('email.$ne');
    const filter = await fetch(`${base}/api/leads/?status[$ne]=x`, { headers: viewer });
    expect(filter.status).toBe(400);
    expect((await call('GET', '/api/leads/', viewer)).body.count).toBe(before);
  });

  it('lets viewers read and not write, and nobody in without credentials', async () => {
    expect((await call('GET', '/api/leads/', viewer)).status).toBe(200);
    expect((await call('POST', '/api/leads/', viewer, { email: 'v@example.com' })).status).toBe(403);
    expect((await call('GET', '/api/leads/', {})).status).toBe(401);
    expect((await call('POST', '/api/leads/import/', viewer, [])).status).toBe(403);
  });

  describe('list', () => {
    let ids: number[];

    beforeAll(async () => {
      const db = await connectMongo(config);
      await db.collection('leads').deleteMany({});
      const fixtures = [
        {
          first_name: 'Ada',
          last_name: 'Lovelace',
          email: 'ada@analytical.io',
          company: 'Analytical',
          status: 'new',
          owner_id: 7,
        },
        {
          first_name: 'Grace',
          last_name: 'Hopper',
          email: 'grace@navy.mil',
          company: 'Navy',
          status: 'contacted',
          owner_id: 7,
        },
        {
          first_name: 'Alan',
          last_name: 'Turing',
          email: 'alan@bletchley.uk',
          company: 'Bletchley',
          status: 'new',
          owner_id: 8,
        },
        {
          first_name: 'Edsger',
          last_name: 'Dijkstra',
          email: 'ewd@tue.nl',
          company: 'TU Eindhoven',
          status: 'new',
        },
        {
          first_name: 'Barbara',
          last_name: 'Liskov',
          email: 'liskov@mit.edu',
          company: 'MIT',
          status: 'qualified',
        },
      ];
      ids = [];
      // One after the other, so that ids follow the order of the fixtures.
      for (const fixture of fixtures) ids.push((await createLead(fixture)).id);
      // Scores and stages are written by the scoring feature; set them directly to test the filters.
      const scores = [10, 45, 62, 85, 100];
      const stages = ['unqualified', 'mql', 'sql', 'hot', 'hot'];
      for (const [index, id] of ids.entries()) {
        await db
          .collection('leads')
          .updateOne({ id }, { $set: { score: scores[index], qualification_stage: stages[index] } });
      }
      await db.close();
    });

    const idsOf = (body: { results: { id: number }[] }) => body.results.map((lead) => lead.id);

    it('pages with {count, next, previous, results}', async () => {
      const first = await call('GET', '/api/leads/?page_size=2&ordering=id', viewer);
      expect(first.status).toBe(200);
      expect(Object.keys(first.body).sort()).toEqual(['count', 'next', 'page_size', 'previous', 'results']);
      expect(first.body.page_size).toBe(2);
      expect(first.body.count).toBe(5);
      expect(idsOf(first.body)).toEqual(ids.slice(0, 2));
      expect(first.body.previous).toBeNull();
      expect(first.body.next).toBe(`${base}/api/leads/?page_size=2&ordering=id&page=2`);

      // Above the maximum a page size is clamped to it, and the response says so.
      const huge = await call('GET', '/api/leads/?page_size=100000&ordering=id', viewer);
      expect(huge).toMatchObject({ status: 200, body: { page_size: 500, count: ids.length } });
      const last = await call('GET', '/api/leads/?page_size=2&ordering=id&page=3', viewer);
      expect(idsOf(last.body)).toEqual(ids.slice(4));
      expect(last.body.next).toBeNull();
      expect(last.body.previous).toContain('page=2');

      const beyond = await call('GET', '/api/leads/?page=9', viewer);
      expect(beyond.status).toBe(200);
      expect(beyond.body.results).toEqual([]);
    });

    it('filters by status, stage, owner, score range and search, and orders', async () => {
      const get = async (query: string) =>
        idsOf((await call('GET', `/api/leads/?ordering=id&${query}`, viewer)).body);
      expect(await get('status=new')).toEqual([ids[0], ids[2], ids[3]]);
      expect(await get('qualification_stage=hot')).toEqual([ids[3], ids[4]]);
      expect(await get('owner_id=7')).toEqual([ids[0], ids[1]]);
      expect(await get('score_min=45&score_max=85')).toEqual([ids[1], ids[2], ids[3]]);
      // min_score/max_score are the names lead-scores uses; score_min/score_max stay as aliases.
      expect(await get('min_score=45&max_score=85')).toEqual([ids[1], ids[2], ids[3]]);
      expect(await get('min_score=45&score_max=85')).toEqual([ids[1], ids[2], ids[3]]);
      expect(await get('search=NAVY')).toEqual([ids[1]]);
      expect(await get('search=liskov')).toEqual([ids[4]]);
      expect(await get('search=a.*')).toEqual([]);
      expect(await get('status=new&score_min=50')).toEqual([ids[2], ids[3]]);
      const byScore = await call('GET', '/api/leads/?ordering=-score', viewer);
      expect(idsOf(byScore.body)).toEqual([...ids].reverse());
      const byName = await call('GET', '/api/leads/?ordering=last_name', viewer);
      expect(byName.body.results.map((lead: { last_name: string }) => lead.last_name)).toEqual([
        'Dijkstra',
        'Hopper',
        'Liskov',
        'Lovelace',
        'Turing',
      ]);
    });

    it('refuses bad query parameters with a 400 naming each one', async () => {
      const bad = await call(
        'GET',
        '/api/leads/?page=0&page_size=0&score_min=abc&ordering=password&owner_id=x&foo=1',
        viewer,
      );
      expect(bad.status).toBe(400);
      expect(new Set(fieldsOf(bad.body))).toEqual(
        new Set(['page', 'page_size', 'score_min', 'ordering', 'owner_id', 'foo']),
      );
      const conflicting = await call('GET', '/api/leads/?min_score=10&score_min=20', viewer);
      expect(conflicting.status).toBe(400);
      expect(fieldsOf(conflicting.body)).toEqual(['score_min']);
      const inverted = await call('GET', '/api/leads/?score_min=80&score_max=20', viewer);
      expect(inverted.status).toBe(400);
      expect(fieldsOf(inverted.body)).toEqual(['score_min']);
    });
  });

  it('records activities of any snake_case type and lists them newest first', async () => {
    const lead = await createLead({ email: 'active@example.com' });
    const opened = await call('POST', `/api/leads/${lead.id}/activities/`, editor, {
      type: 'email_opened',
      occurred_at: '2026-01-10T09:00:00Z',
      metadata: { campaign: 'spring' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      id: expect.any(Number),
      lead_id: lead.id,
      type: 'email_opened',
      occurred_at: '2026-01-10T09:00:00.000Z',
      metadata: { campaign: 'spring' },
    });
    const custom = await call('POST', `/api/leads/${lead.id}/activities`, editor, {
      type: 'webinar_attended',
    });
    expect(custom.status).toBe(201);
    expect(Date.now() - Date.parse(custom.body.occurred_at)).toBeLessThan(60_000);

    const bad = await call('POST', `/api/leads/${lead.id}/activities/`, editor, {
      type: 'Email Opened',
      occurred_at: 'last week',
      metadata: 'x',
      lead_id: 3,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['lead_id', 'metadata', 'occurred_at', 'type']);

    const list = await call('GET', `/api/leads/${lead.id}/activities/`, viewer);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(2);
    expect(list.body.results.map((activity: { type: string }) => activity.type)).toEqual([
      'webinar_attended',
      'email_opened',
    ]);
    expect(
      (await call('POST', `/api/leads/${lead.id}/activities/`, viewer, { type: 'email_opened' })).status,
    ).toBe(403);
  });

  it('keeps exactly one pending rescoring job lead:<id> per lead, however many changes', async () => {
    const lead = await createLead({ email: 'queued@example.com' });
    expect(await pendingJobsOf(lead.id)).toEqual([`lead:${lead.id}`]);
    await call('PATCH', `/api/leads/${lead.id}`, editor, { status: 'contacted' });
    await call('PUT', `/api/leads/${lead.id}`, editor, { email: 'queued@example.com', title: 'CTO' });
    await call('POST', `/api/leads/${lead.id}/activities/`, editor, { type: 'form_submitted' });
    expect(await pendingJobsOf(lead.id)).toEqual([`lead:${lead.id}`]);
    const job = await scoringQueue.getJob(`lead:${lead.id}`);
    expect(job?.data).toEqual({ lead_id: lead.id });
    expect(await job?.getState()).toBe('waiting');

    // Once the job has run (and was removed on completion), the next change queues a new one.
    await job?.remove();
    await call('POST', `/api/leads/${lead.id}/activities/`, editor, { type: 'email_clicked' });
    expect(await pendingJobsOf(lead.id)).toEqual([`lead:${lead.id}`]);

    // Deleting the lead drops its waiting job.
    expect((await call('DELETE', `/api/leads/${lead.id}`, editor)).status).toBe(204);
    expect(await pendingJobsOf(lead.id)).toEqual([]);

    // A refused change queues nothing.
    const other = await createLead({ email: 'untouched@example.com' });
    await (await scoringQueue.getJob(`lead:${other.id}`))?.remove();
    expect((await call('PATCH', `/api/leads/${other.id}`, editor, { email: 'bad' })).status).toBe(400);
    expect(await pendingJobsOf(other.id)).toEqual([]);
  });

  it('imports a JSON array: valid rows are created and queued, a bad row is reported and not written', async () => {
    const reply = await call('POST', '/api/leads/import/', editor, [
      {
        first_name: 'Imported',
        last_name: 'One',
        email: 'one@import.io',
        created_at: '2025-06-01T00:00:00Z',
      },
      { first_name: 'Broken', email: 'not-an-email', owner_id: 'x', qualification_stage: 'sql' },
      { first_name: 'Imported', last_name: 'Two', email: 'two@import.io' },
      'not an object',
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: 2, failed: 2 });
    expect(reply.body.errors).toEqual([
      {
        row: 2,
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'email' }),
          expect.objectContaining({ field: 'owner_id' }),
          expect.objectContaining({ field: 'qualification_stage' }),
        ]),
      },
      { row: 4, errors: [expect.objectContaining({ field: '' })] },
    ]);
    const [one, two] = reply.body.ids as number[];
    expect((await call('GET', `/api/leads/${one}`, viewer)).body).toMatchObject({
      email: 'one@import.io',
      created_at: '2025-06-01T00:00:00.000Z',
    });
    expect((await call('GET', `/api/leads/${two}`, viewer)).body.email).toBe('two@import.io');
    expect((await call('GET', '/api/leads/?search=Broken', viewer)).body.count).toBe(0);
    expect(await pendingJobsOf(one!)).toEqual([`lead:${one}`]);
  });

  it('imports leads with their activities in the same rows, and refuses a row whose activity is bad', async () => {
    const reply = await call('POST', '/api/leads/import/', editor, [
      {
        email: 'busy@import.io',
        activities: [
          { type: 'email_opened', occurred_at: '2025-06-02T10:00:00Z' },
          { type: 'demo_requested', metadata: { via: 'form' } },
        ],
      },
      { email: 'quiet@import.io', activities: [] },
      { email: 'badactivity@import.io', activities: [{ type: 'Email Opened' }, { occurred_at: 'later' }] },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ created: 2, failed: 1, activities: 2 });
    expect(reply.body.errors).toEqual([
      {
        row: 3,
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'activities.0.type' }),
          expect.objectContaining({ field: 'activities.1.type' }),
          expect.objectContaining({ field: 'activities.1.occurred_at' }),
        ]),
      },
    ]);
    const [busy, quiet] = reply.body.ids as number[];
    const listed = (await call('GET', `/api/leads/${busy}/activities/`, viewer)).body;
    expect(listed.count).toBe(2);
    expect(listed.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'email_opened', occurred_at: '2025-06-02T10:00:00.000Z' }),
        expect.objectContaining({ type: 'demo_requested', metadata: { via: 'form' } }),
      ]),
    );
    expect((await call('GET', `/api/leads/${quiet}/activities/`, viewer)).body.count).toBe(0);
    expect((await call('GET', '/api/leads/?search=badactivity', viewer)).body.count).toBe(0);
    expect(await pendingJobsOf(busy!)).toEqual([`lead:${busy}`]);
  });

  it('imports CSV with quoted cells, technologies and custom_fields columns', async () => {
    const csv =
      'first_name,last_name,email,company,company_size,owner_id,technologies,custom_fields.region,custom_fields.note\r\n' +
      'Jane,Roe,jane@csv.io,"Roe, Inc.",51-200,3,salesforce;aws,EMEA,"=cmd|\' /C calc\'!A0"\r\n' +
      'Bad,Row,nope,,,,,,\r\n';
    const response = await fetch(`${base}/api/leads/import`, {
      method: 'POST',
      headers: { ...editor, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Reply['body'];
    expect(body).toMatchObject({
      created: 1,
      failed: 1,
      scoring_queued: true,
      errors: [{ row: 2, errors: [{ field: 'email' }] }],
    });
    const jane = (await call('GET', `/api/leads/${body.ids[0]}`, viewer)).body;
    expect(jane).toMatchObject({
      company: 'Roe, Inc.',
      company_size: '51-200',
      owner_id: 3,
      technologies: ['salesforce', 'aws'],
      // A formula cell is kept as it was sent: escaping is for CSV the platform writes (it writes none).
      custom_fields: { region: 'EMEA', note: "=cmd|' /C calc'!A0" },
    });

    const malformed = await fetch(`${base}/api/leads/import`, {
      method: 'POST',
      headers: { ...editor, 'content-type': 'text/csv' },
      body: 'email\n"unterminated',
    });
    expect(malformed.status).toBe(400);
    const notArray = await call('POST', '/api/leads/import/', editor, { email: 'a@b.co' });
    expect(notArray.status).toBe(400);
  });

  it('queues one follow-up lead:<id>:next when the lead changes while its job runs', async () => {
    const lead = await createLead({ email: 'running@example.com' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const processed: string[] = [];
    // A stand-in for the worker's processor: it holds this lead's first job until told to finish.
    void scoringQueue.process(async (job) => {
      processed.push(String(job.id));
      if (job.id === `lead:${lead.id}`) {
        started();
        await released;
      }
    });
    await running;
    await call('PATCH', `/api/leads/${lead.id}`, editor, { status: 'contacted' });
    await call('POST', `/api/leads/${lead.id}/activities/`, editor, { type: 'demo_requested' });
    expect(await pendingJobsOf(lead.id)).toEqual([`lead:${lead.id}:next`]);
    release();
    const deadline = Date.now() + 10_000;
    while (!processed.includes(`lead:${lead.id}:next`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(processed.filter((id) => id.startsWith(`lead:${lead.id}`))).toEqual([
      `lead:${lead.id}`,
      `lead:${lead.id}:next`,
    ]);
    // Both finished jobs were removed, so the lead's usual id is free again for the next change.
    expect(await scoringQueue.getJob(`lead:${lead.id}`)).toBeNull();
  });

  it('documents every leads endpoint in the OpenAPI document', async () => {
    const spec = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    expect(spec.paths['/api/leads/{id}']?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]),
    );
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/leads',
        '/api/leads/{id}',
        '/api/leads/{id}/activities',
        '/api/leads/import',
        '/api/auth/token',
        '/api/users',
        '/api/api-keys',
      ]),
    );
  });
});
