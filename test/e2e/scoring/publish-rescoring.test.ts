import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, until } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { startInProcessWorker } from '../../harness/in-process-worker';

const API = '/api/lead-qualification';

const targetIndustry = (points: number) => ({
  name: 'Target Industry',
  rule_type: 'firmographic',
  field_name: 'industry',
  operator: 'in_list',
  value: '["SaaS", "Enterprise Software"]',
  points,
});

describe('publishing a rule set rescores every lead (rescore_on_publish)', () => {
  const { config } = createTestContext();
  let app: INestApplication | undefined;
  let worker: INestApplicationContext | undefined;
  let base: string;
  let editor: Record<string, string>;

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
    worker = await startInProcessWorker(config);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  const scoreOf = async (leadId: number): Promise<number | null> =>
    (await callApi(base, 'GET', `/api/leads/${leadId}/`, editor)).body.score as number | null;

  const finished = (jobId: string) =>
    until(
      async () => (await callApi(base, 'GET', `${API}/lead-scores/bulk_calculate/${jobId}/`, editor)).body,
      (status) => status.state === 'completed',
      { what: `bulk run ${jobId} to complete`, timeoutMs: 60_000 },
    );

  it('answers the bulk job id, and the lead shows the new score once the run is done', async () => {
    const settings = (await callApi(base, 'GET', `${API}/scoring-settings/`, editor)).body;
    expect(settings.rescore_on_publish).toBe(true);
    const lead = await callApi(base, 'POST', '/api/leads/', editor, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      company: 'Analytical Engines',
      industry: 'SaaS',
    });
    expect(lead.status).toBe(201);
    const leadId = lead.body.id as number;

    const published = await callApi(base, 'POST', `${API}/rule-sets/apply/`, editor, {
      kind: 'bundle',
      rules: [targetIndustry(20)],
    });
    expect(published.status).toBe(200);
    expect(published.body.rule_set_version).toEqual(expect.any(Number));
    const jobId = published.body.rescoring?.job_id as string;
    expect(jobId).toEqual(expect.any(String));
    const status = await finished(jobId);
    expect(status).toMatchObject({ total: 1, failed: 0 });
    expect(await scoreOf(leadId)).toBe(20);

    // a second publish with other points rescores again
    const again = await callApi(base, 'POST', `${API}/rule-sets/apply/`, editor, {
      kind: 'bundle',
      rules: [targetIndustry(25)],
    });
    await finished(again.body.rescoring.job_id as string);
    expect(await scoreOf(leadId)).toBe(25);
  });

  it('starts nothing when the setting is off, or when nothing was published', async () => {
    const off = await callApi(base, 'PUT', `${API}/scoring-settings/`, editor, {
      decay: null,
      rescore_on_publish: false,
    });
    expect(off.status).toBe(200);
    expect(off.body.rescore_on_publish).toBe(false);
    const published = await callApi(base, 'POST', `${API}/rule-sets/apply/`, editor, {
      kind: 'bundle',
      rules: [targetIndustry(5)],
    });
    expect(published.body.rule_set_version).toEqual(expect.any(Number));
    expect(published.body.rescoring).toBeNull();

    await callApi(base, 'PUT', `${API}/scoring-settings/`, editor, { decay: null, rescore_on_publish: true });
    const unchanged = await callApi(base, 'POST', `${API}/rule-sets/apply/`, editor, {
      kind: 'bundle',
      rules: [targetIndustry(5)],
    });
    expect(unchanged.body).toMatchObject({ rule_set_version: null, rescoring: null });

    const wrong = await callApi(base, 'PUT', `${API}/scoring-settings/`, editor, {
      decay: null,
      rescore_on_publish: 'yes',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'rescore_on_publish' })]);
  });
});
