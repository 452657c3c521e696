import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { Connection } from 'mongoose';
import { QUEUES } from '@leadflow/jobs';
import { connectMongo } from '@leadflow/persistence';
import { callApi, callApiWithHeaders, createTestContext, until } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { seedBulkLeads } from '../../fixtures/bulk-leads';
import { startInProcessWorker } from '../../harness/in-process-worker';

const API = '/api/lead-qualification';
/** Enough small chunks that a rescoring is still open while the test saves (the worker is paused then). */
const SEEDED_LEADS = 600;

const decisionMaker = (points: number) => ({
  name: 'Decision Maker',
  rule_type: 'demographic',
  field_name: 'title',
  operator: 'contains',
  value: 'director',
  points,
});

describe('saving a single rule or criterion rescores every lead (coalesced)', () => {
  // small chunks, so that a paused worker leaves most of a run's chunks open
  const { config } = createTestContext({ BULK_CHUNK_SIZE: '50' });
  let app: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let db: Connection | undefined;
  let base: string;
  let editor: Record<string, string>;
  let leadId: number;

  beforeAll(async () => {
    db = await connectMongo(config);
    await seedBulkLeads(db, SEEDED_LEADS);
    [app, base, editor] = await startApi(config, 'editor');
    worker = await startInProcessWorker(config);
    const lead = await callApi(base, 'POST', '/api/leads/', editor, {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      company: 'Navy',
      title: 'Director of Engineering',
    });
    expect(lead.status).toBe(201);
    leadId = lead.body.id as number;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await db?.dropDatabase();
    await db?.close();
  });

  const leadNow = async () => (await callApi(base, 'GET', `/api/leads/${leadId}/`, editor)).body;
  const statusOf = (jobId: string) =>
    callApi(base, 'GET', `${API}/lead-scores/bulk_calculate/${jobId}/`, editor);
  const finished = (jobId: string) =>
    until(
      async () => (await statusOf(jobId)).body,
      (status) => status.state === 'completed',
      { what: `rescoring ${jobId} to complete`, timeoutMs: 90_000 },
    );
  const rescoringOf = (reply: { headers: Headers }) => reply.headers.get('x-rescoring-job');

  let ruleId: number;

  it('a saved rule that the lead matches gives it the new score once the rescoring is done', async () => {
    const created = await callApiWithHeaders(
      base,
      'POST',
      `${API}/scoring-rules/`,
      editor,
      decisionMaker(15),
    );
    expect(created.status).toBe(201);
    // the guide's body as before: the rescoring is named in a header only
    expect(created.body).not.toHaveProperty('rescoring');
    ruleId = created.body.id as number;
    const first = rescoringOf(created);
    expect(first).toEqual(expect.stringMatching(/^publish-rescoring-\d+$/));
    await finished(first as string);
    expect((await leadNow()).score).toBe(15);

    const replaced = await callApiWithHeaders(
      base,
      'PUT',
      `${API}/scoring-rules/${ruleId}/`,
      editor,
      decisionMaker(25),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.points).toBe(25);
    await finished(rescoringOf(replaced) as string);
    expect((await leadNow()).score).toBe(25);
  }, 120_000);

  it('a saved criterion rescores too, and so does a deletion (204 with the header)', async () => {
    const criterion = await callApiWithHeaders(base, 'POST', `${API}/qualification-criteria/`, editor, {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 20,
      required_fields: ['email'],
      required_actions: [],
      time_constraint_days: 90,
      is_active: true,
    });
    expect(criterion.status).toBe(201);
    await finished(rescoringOf(criterion) as string);
    expect((await leadNow()).qualification_stage).toBe('mql');

    const removed = await callApiWithHeaders(base, 'DELETE', `${API}/scoring-rules/${ruleId}/`, editor);
    expect(removed.status).toBe(204);
    await finished(rescoringOf(removed) as string);
    expect(await leadNow()).toMatchObject({ score: 0, qualification_stage: 'unqualified' });
  }, 120_000);

  it('ten quick saves while a rescoring runs start one more, which scores with the last save', async () => {
    const created = await callApiWithHeaders(
      base,
      'POST',
      `${API}/scoring-rules/`,
      editor,
      decisionMaker(10),
    );
    const running = rescoringOf(created) as string;
    const runNumber = Number(running.split('-').pop());
    await until(
      async () => (await statusOf(running)).body,
      (status) => status.state === 'active',
      { what: `rescoring ${running} to start`, timeoutMs: 30_000 },
    );
    // Hold the run open: the worker finishes the chunks it has and takes no more until resumed.
    const bulkQueue = worker?.get<Queue>(getQueueToken(QUEUES.bulkScoring));
    await bulkQueue?.pause(true);
    const open = (await statusOf(running)).body;
    expect(open).toMatchObject({ state: 'active' });
    expect(open.processed).toBeLessThan(open.total);

    const named: string[] = [];
    for (let save = 1; save <= 10; save += 1) {
      const patched = await callApiWithHeaders(
        base,
        'PATCH',
        `${API}/scoring-rules/${created.body.id}/`,
        editor,
        {
          points: 10 + save,
        },
      );
      expect(patched.status).toBe(200);
      named.push(rescoringOf(patched) as string);
    }
    const followUp = `publish-rescoring-${runNumber + 1}`;
    expect(new Set(named)).toEqual(new Set([followUp]));
    expect((await statusOf(followUp)).body.state).toBe('delayed');
    expect((await statusOf(`publish-rescoring-${runNumber + 2}`)).status).toBe(404);

    // Once the running one is done, the held one starts by itself and scores with the newest version.
    await bulkQueue?.resume(true);
    await finished(running);
    await finished(followUp);
    expect((await leadNow()).score).toBe(20);
    expect((await statusOf(`publish-rescoring-${runNumber + 2}`)).status).toBe(404);
  }, 180_000);
});
