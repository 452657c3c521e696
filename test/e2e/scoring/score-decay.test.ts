import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Config } from '@leadflow/config';
import { callApi, createTestContext, type Reply } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { startInProcessWorker } from '../../harness/in-process-worker';

const API = '/api/lead-qualification';
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** The guide's five "Common Scoring Rules Examples", as the DSL's valid fixtures hold them. */
const FIXTURES = join(__dirname, '..', '..', '..', 'dsl', 'fixtures', 'valid');
const GUIDE_RULES = readdirSync(FIXTURES)
  .filter((file) => /^rule-guide-\d-.*\.json$/.test(file))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { name: string });

const HALF_LIFE_14 = { decay: { mode: 'half_life', half_life_days: 14, categories: ['behavioral'] } };

type Json = Reply['body'];

describe('score decay through the API (scoring settings, dated activities, calculate)', () => {
  let app: INestApplication;
  // started in the last test only, so that the rescoring jobs the leads API queues add no calculations before
  let worker: INestApplicationContext | undefined;
  let config: Config;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  const call = (method: string, path: string, body?: unknown, headers = editor): Promise<Reply> =>
    callApi(base, method, `${API}${path}`, headers, body);

  /** A lead created 3 days ago with email opens at the given ages (hours past whole days keep the age exact). */
  async function leadWithOpens(openAgesInDays: number[], title = 'Director of Engineering'): Promise<number> {
    const created = await callApi(base, 'POST', '/api/leads/', editor, {
      first_name: 'John',
      last_name: 'Doe',
      email: `john-${openAgesInDays.join('-')}@acme.example`,
      phone: '+1 555 0100',
      company: 'Acme Corp',
      title,
      industry: 'SaaS',
      company_size: '201-500',
      created_at: new Date(Date.now() - 3 * DAY).toISOString(),
    });
    expect(created.status).toBe(201);
    for (const age of openAgesInDays) {
      const occurred_at = new Date(Date.now() - age * DAY - HOUR).toISOString();
      const added = await callApi(base, 'POST', `/api/leads/${created.body.id}/activities/`, editor, {
        type: 'email_opened',
        occurred_at,
      });
      expect(added.status).toBe(201);
    }
    return created.body.id as number;
  }

  const calculate = async (leadId: number): Promise<Json> => {
    const response = await call('POST', '/lead-scores/calculate/', { lead_id: leadId });
    expect(response.status).toBe(200);
    return response.body;
  };

  const emailEngaged = (body: Json): Json =>
    (body.explanation.rules as Json[]).find((rule) => rule.name === 'Email Engaged');

  beforeAll(async () => {
    expect(GUIDE_RULES.map((rule) => rule.name)).toEqual([
      'Target Industry',
      'Mid to Large Company',
      'Email Engaged',
      'Recent Activity',
      'Decision Maker',
    ]);
    config = createTestContext().config;
    [app, base, editor, viewer] = await startApi(config, 'editor', 'viewer');
    for (const rule of GUIDE_RULES) {
      const created = await call('POST', '/scoring-rules/', rule);
      expect(created.status).toBe(201);
      ruleIds[rule.name] = created.body.id as number;
    }
  });

  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  const ruleIds: Record<string, number> = {};
  let guideLead: number;
  let offVersion: number;

  it("is off by default: the guide's example lead scores 70, with no decay in its explanation", async () => {
    const settings = await call('GET', '/scoring-settings/', undefined, viewer);
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ decay: null, updated_at: null, updated_by: null });
    offVersion = settings.body.rule_set_version;

    guideLead = await leadWithOpens([0, 1, 2, 3, 4]);
    const scored = await calculate(guideLead);
    expect(scored).toMatchObject({
      score: 70,
      score_breakdown: { demographic: 15, behavioral: 10, firmographic: 35, engagement: 10 },
      rule_set_version: offVersion,
    });
    expect(emailEngaged(scored)).not.toHaveProperty('decay');
    expect(scored.matched_rules.every((rule: Json) => !('decay' in rule))).toBe(true);
  });

  it('refuses a viewer, and bad settings with every problem listed, changing nothing', async () => {
    expect((await call('PUT', '/scoring-settings/', HALF_LIFE_14, viewer)).status).toBe(403);
    const refused = await call('PUT', '/scoring-settings/', {
      decay: {
        mode: 'step',
        steps: [
          { after_days: 90, keep_percent: 25 },
          { after_days: 30, keep_percent: 120 },
        ],
        categories: ['behavioral', 'social'],
        half_life_days: 3,
      },
      colour: 'red',
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as Json[]).map((error) => error.field).sort()).toEqual([
      'colour',
      'decay.categories.1',
      'decay.half_life_days',
      'decay.steps.1.after_days',
      'decay.steps.1.keep_percent',
    ]);
    for (const bad of [{}, { decay: 'half_life' }, [], { decay: { mode: 'half_life' } }]) {
      const response = await call('PUT', '/scoring-settings/', bad);
      expect(response.status).toBe(400);
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
    expect((await call('GET', '/scoring-settings/')).body).toMatchObject({
      decay: null,
      rule_set_version: offVersion,
    });
  });

  let decayVersion: number;

  it('publishes a new rule-set version that carries the decay; sending the same settings again publishes none', async () => {
    const saved = await call('PUT', '/scoring-settings/', HALF_LIFE_14);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      ...HALF_LIFE_14,
      rule_set_version: offVersion + 1,
      updated_by: expect.stringMatching(/^editor-/),
      updated_at: expect.any(String),
    });
    decayVersion = saved.body.rule_set_version;
    const version = await call('GET', `/scoring-rules/versions/${decayVersion}/`, undefined, viewer);
    expect(version.body).toMatchObject({ settings: HALF_LIFE_14, reason: 'scoring settings updated' });
    expect((await call('PUT', '/scoring-settings/', HALF_LIFE_14)).body.rule_set_version).toBe(decayVersion);
    expect((await call('GET', '/scoring-settings/', undefined, viewer)).body).toMatchObject({
      ...HALF_LIFE_14,
      rule_set_version: decayVersion,
    });
    const diff = await call('GET', `/scoring-rules/versions/diff/?from=${offVersion}&to=${decayVersion}`);
    expect(diff.body).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      settings: { from: { decay: null }, to: HALF_LIFE_14 },
    });
  });

  it('halves the behavioral points after one half-life and quarters them after two, shown in the explanation', async () => {
    for (const [age, factor, points] of [
      [0, 1, 10],
      [14, 0.5, 5],
      [28, 0.25, 3], // 2.5 rounds half away from zero
    ] as const) {
      const leadId = await leadWithOpens([age, age, age, age + 5]);
      const scored = await calculate(leadId);
      expect(scored.rule_set_version).toBe(decayVersion);
      // engagement (Recent Activity) is not in the policy's categories and keeps its 10
      expect(scored.score_breakdown).toEqual({
        demographic: 15,
        behavioral: points,
        firmographic: 35,
        engagement: 10,
      });
      expect(scored.score).toBe(60 + points);
      const decay = {
        original_points: 10,
        decay_factor: factor,
        decayed_points: points,
        age_days: age,
        aged_from: { occurred_at: expect.any(String), activity_types: ['email_opened'] },
      };
      expect(emailEngaged(scored)).toMatchObject({ matched: true, points, decay });
      expect(scored.matched_rules.find((rule: Json) => rule.name === 'Email Engaged')).toMatchObject({
        points,
        decay,
      });
      // test_rule awards what a calculation would
      const tested = await call('POST', `/scoring-rules/${ruleIds['Email Engaged']}/test_rule/`, {
        lead_id: leadId,
      });
      expect(tested.body).toMatchObject({ rule_applied: true, points_awarded: points, decay });
      const history = await call('GET', `/lead-scores/history/?lead_id=${leadId}`, undefined, viewer);
      expect(history.body[0]).toMatchObject({ score: 60 + points, rule_set_version: decayVersion });
    }
  });

  it("keeps the guide lead's score with its opens of today, and gives today's numbers back when decay is switched off", async () => {
    expect((await calculate(guideLead)).score).toBe(70);
    const staleLead = await leadWithOpens([28, 28, 28, 28]);
    expect((await calculate(staleLead)).score).toBe(63);

    const off = await call('PUT', '/scoring-settings/', { decay: null });
    expect(off.body).toMatchObject({ decay: null, rule_set_version: decayVersion + 1 });
    const guide = await calculate(guideLead);
    expect(guide).toMatchObject({ score: 70, rule_set_version: decayVersion + 1 });
    expect(emailEngaged(guide)).not.toHaveProperty('decay');
    expect((await calculate(staleLead)).score).toBe(70);
  });

  it('applies HubSpot-style steps at their boundaries', async () => {
    const steps = {
      decay: {
        mode: 'step',
        steps: [
          { after_days: 7, keep_percent: 50 },
          { after_days: 30, keep_percent: 0 },
        ],
      },
    };
    const saved = await call('PUT', '/scoring-settings/', steps);
    expect(saved.body.decay.categories).toEqual(['behavioral', 'engagement']);
    const behavioral = async (age: number) =>
      (await calculate(await leadWithOpens([age, age, age, age]))).score_breakdown.behavioral as number;
    expect([await behavioral(6), await behavioral(7), await behavioral(29), await behavioral(30)]).toEqual([
      10, 5, 5, 0,
    ]);
  });
  it("is set by a whole rule set's settings: planned, applied as one version, exported, and left alone when absent", async () => {
    const bundle = { kind: 'bundle', rules: GUIDE_RULES, settings: HALF_LIFE_14 };
    const before = (await call('GET', '/scoring-settings/')).body;
    const plan = await call('POST', '/rule-sets/apply/?dry_run=true', bundle);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({
      changes: [],
      rule_set_version: null,
      settings: { from: { decay: before.decay }, to: HALF_LIFE_14 },
    });
    expect((await call('GET', '/scoring-settings/')).body.rule_set_version).toBe(before.rule_set_version);

    const applied = await call('POST', '/rule-sets/apply/', bundle);
    expect(applied.body.rule_set_version).toBe((before.rule_set_version as number) + 1);
    expect((await call('GET', '/scoring-settings/')).body).toMatchObject({
      ...HALF_LIFE_14,
      rule_set_version: applied.body.rule_set_version,
    });
    expect((await call('GET', '/rule-sets/current/', undefined, viewer)).body.settings).toEqual(HALF_LIFE_14);
    expect((await call('POST', '/rule-sets/apply/', bundle)).body).toMatchObject({
      settings: null,
      rule_set_version: null,
    });
    const withoutSettings = await call('POST', '/rule-sets/apply/', { kind: 'bundle', rules: GUIDE_RULES });
    expect(withoutSettings.body).toMatchObject({ settings: null, rule_set_version: null });
    expect((await call('GET', '/scoring-settings/')).body.decay).toEqual(HALF_LIFE_14.decay);
  });
  it('simulates draft settings beside the current decay, writing nothing', async () => {
    const leadId = await leadWithOpens([14, 14, 14, 14]);
    expect((await calculate(leadId)).score).toBe(65); // the current half-life of 14 days: 10 -> 5
    const simulate = (extra: Record<string, unknown>) =>
      call('POST', '/lead-scores/simulate/', { rules: GUIDE_RULES, lead_ids: [leadId], ...extra });
    const withCurrent = await simulate({});
    expect(withCurrent.body.leads[0]).toMatchObject({ current_score: 65, simulated_score: 65 });
    const withoutDecay = await simulate({ settings: { decay: null } });
    expect(withoutDecay.body.leads[0]).toMatchObject({
      current_score: 65,
      simulated_score: 70,
      score_change: 5,
    });
    const bad = await simulate({ settings: { decay: { mode: 'half_life', half_life_days: -3 } } });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((error) => error.field)).toEqual([
      'settings.decay.half_life_days',
    ]);
    expect((await call('GET', '/scoring-settings/')).body.decay).toEqual(HALF_LIFE_14.decay);
  });
  it("scores decayed leads in the worker's bulk run exactly as the API does", async () => {
    const ids = [await leadWithOpens([14, 14, 14, 14]), await leadWithOpens([28, 28, 28, 28])];
    const byApi = await Promise.all(ids.map(calculate));
    expect(byApi.map((scored) => scored.score)).toEqual([65, 63]);
    worker = await startInProcessWorker(config);
    const started = await call('POST', '/lead-scores/bulk_calculate/', { lead_ids: ids });
    expect(started.status).toBe(202);
    const deadline = Date.now() + 60_000;
    let status = started.body;
    while (status.state !== 'completed' && status.state !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await call('GET', `/lead-scores/bulk_calculate/${started.body.job_id}/`)).body;
    }
    expect(status).toMatchObject({ state: 'completed', processed: 2, failed: 0 });
    for (const [index, leadId] of ids.entries()) {
      const [newest] = (await call('GET', `/lead-scores/history/?lead_id=${leadId}`)).body as Json[];
      const api = byApi[index];
      expect(newest).toMatchObject({
        score: api.score,
        score_breakdown: api.score_breakdown,
        rule_set_version: api.rule_set_version,
      });
      const decayOf = (rules: Json[]) => rules.map((rule) => [rule.name, rule.points, rule.decay?.age_days]);
      expect(decayOf(newest.matched_rules)).toEqual(decayOf(api.matched_rules));
    }
  });
});
