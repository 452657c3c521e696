import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, type Reply } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';

const API = '/api/lead-qualification';

/** The guide's five "Common Scoring Rules Examples", as the DSL's valid fixtures hold them. */
const FIXTURES = join(__dirname, '..', '..', '..', 'dsl', 'fixtures', 'valid');
const GUIDE_RULES = readdirSync(FIXTURES)
  .filter((file) => /^rule-guide-\d-.*\.json$/.test(file))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Record<string, unknown>);

type Json = Reply['body'];

describe('caps and grades through the API (settings, calculate, lists, criteria)', () => {
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  let fitLead: number;
  let plainLead: number;

  const call = (method: string, path: string, body?: unknown, headers = editor): Promise<Reply> =>
    callApi(base, method, path.startsWith('/api/') ? path : `${API}${path}`, headers, body);

  const calculate = async (leadId: number): Promise<Json> => {
    const response = await call('POST', '/lead-scores/calculate/', { lead_id: leadId });
    expect(response.status).toBe(200);
    return response.body;
  };

  async function createLead(fields: Record<string, unknown>, opens: number): Promise<number> {
    const created = await call('POST', '/api/leads/', {
      first_name: 'John',
      last_name: 'Doe',
      phone: '+1 555 0100',
      company: 'Acme Corp',
      created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      ...fields,
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < opens; i += 1) {
      const added = await call('POST', `/api/leads/${created.body.id}/activities/`, { type: 'email_opened' });
      expect(added.status).toBe(201);
    }
    return created.body.id as number;
  }

  beforeAll(async () => {
    [app, base, editor, viewer] = await startApi(createTestContext().config, 'editor', 'viewer');
    for (const rule of GUIDE_RULES) expect((await call('POST', '/scoring-rules/', rule)).status).toBe(201);
    // the guide's example lead: every rule matches (70 points, all 50 fit points)
    fitLead = await createLead(
      {
        email: 'john@acme.example',
        title: 'Director of Engineering',
        industry: 'SaaS',
        company_size: '201-500',
      },
      5,
    );
    // a lead that fits only by its industry: 20 of the 50 fit points
    plainLead = await createLead({ email: 'jane@acme.example', title: 'Intern', industry: 'SaaS' }, 0);
  });

  afterAll(async () => {
    await app.close();
  });

  it('grades by default without changing the guide numbers, and caps nothing', async () => {
    const settings = await call('GET', '/scoring-settings/', undefined, viewer);
    expect(settings.body).toMatchObject({
      decay: null,
      caps: null,
      grading: { bands: { A: 80, B: 60, C: 40, D: 20 } },
    });
    expect(settings.body.grading).not.toHaveProperty('categories');
    const scored = await calculate(fitLead);
    expect(scored).toMatchObject({
      score: 70,
      score_breakdown: { demographic: 15, behavioral: 10, firmographic: 35, engagement: 10 },
      grade: 'A',
    });
    expect(scored).not.toHaveProperty('capped');
    expect(scored.explanation.caps).toEqual([]);
    expect(scored.explanation.grade).toEqual({
      grade: 'A',
      fit_points: 50,
      max_fit_points: 50,
      percent: 100,
    });
    expect((await calculate(plainLead)).grade).toBe('C');
    expect((await call('GET', `/api/leads/${fitLead}/`)).body.grade).toBe('A');
  });

  it('refuses bad caps and grading with every problem listed, publishing nothing', async () => {
    const before = (await call('GET', '/scoring-settings/')).body.rule_set_version as number;
    const refused = await call('PUT', '/scoring-settings/', {
      decay: null,
      caps: { categories: { behavioral: 101, social: 3 }, total: 'all' },
      // the fit categories are no longer a setting: rules say counts_toward_grade
      grading: { categories: ['firmographic'], bands: { A: 50, B: 60, C: 40, D: 20 } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((error: Json) => error.field).sort()).toEqual([
      'caps.categories.behavioral',
      'caps.categories.social',
      'caps.total',
      'grading.bands.B',
      'grading.categories',
    ]);
    expect((await call('GET', '/scoring-settings/')).body.rule_set_version).toBe(before);
  });

  it('caps a category and the total, says so in the explanation and the history, as a new version', async () => {
    const before = (await call('GET', '/scoring-settings/')).body.rule_set_version as number;
    const put = await call('PUT', '/scoring-settings/', {
      decay: null,
      caps: { categories: { firmographic: 30 }, total: 60 },
    });
    expect(put.status).toBe(200);
    expect(put.body.rule_set_version).toBe(before + 1);
    const scored = await calculate(fitLead);
    expect(scored).toMatchObject({
      score: 60,
      score_breakdown: { demographic: 15, behavioral: 10, firmographic: 30, engagement: 10 },
      capped: ['firmographic capped at 30: 35 earned', 'total capped at 60: 65 earned'],
      rule_set_version: before + 1,
      // caps limit the score, not the fit: 50 of the 50 fit points
      grade: 'A',
    });
    expect(scored.explanation.caps).toEqual([
      'firmographic capped at 30: 35 earned',
      'total capped at 60: 65 earned',
    ]);
    // validating a rule that the firmographic cap cuts names the cap
    const checked = await call('POST', '/scoring-rules/validate/', {
      name: 'Huge account',
      rule_type: 'firmographic',
      field_name: 'company_size',
      operator: 'equals',
      value: '500+',
      points: 40,
    });
    expect(checked.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'RULE_CAPPED', pointer: '/rules/0/points' }),
    );
    const history = await call('GET', `/lead-scores/history/?lead_id=${fitLead}`, undefined, viewer);
    expect(history.body[0]).toMatchObject({
      score: 60,
      grade: 'A',
      capped: ['firmographic capped at 30: 35 earned', 'total capped at 60: 65 earned'],
    });
  });

  it('filters leads and current scores by grade, exactly or at least', async () => {
    // a lead's id is `id` in the leads list, `lead` in the current-score list
    const ids = async (path: string) =>
      ((await call('GET', path, undefined, viewer)).body.results as Json[]).map((row) => row.lead ?? row.id);
    expect(await ids('/api/leads/?grade=A')).toEqual([fitLead]);
    expect((await ids('/api/leads/?minimum_grade=C')).sort()).toEqual([fitLead, plainLead].sort());
    expect(await ids('/api/leads/?grade=C&minimum_grade=B')).toEqual([]);
    expect(await ids('/lead-scores/?minimum_grade=B')).toEqual([fitLead]);
    const bad = await call('GET', '/api/leads/?grade=Z', undefined, viewer);
    expect(bad.status).toBe(400);
  });

  it('qualifies by a minimum grade in a criterion, and keeps criteria without one unchanged', async () => {
    const created = await call('POST', '/qualification-criteria/', {
      name: 'Good fit',
      stage: 'fit',
      custom_stage: true,
      minimum_score: 10,
      minimum_grade: 'B',
    });
    expect(created.status).toBe(201);
    expect(created.body.minimum_grade).toBe('B');
    expect((await calculate(fitLead)).qualification_stage).toBe('fit');
    const plain = await calculate(plainLead);
    expect(plain.qualification_stage).toBe('unqualified');
    const reasons = (plain.explanation.criteria as Json[]).find((c) => c.stage === 'fit').reasons;
    expect(reasons).toContain('grade C is below B');
    const refused = await call('POST', '/qualification-criteria/', {
      name: 'Bad',
      stage: 'bad',
      custom_stage: true,
      minimum_score: 10,
      minimum_grade: 'E',
    });
    expect(refused.status).toBe(400);
  });

  it('grades by the rules marked counts_toward_grade, shown on each rule and versioned with it', async () => {
    const rules = (await call('GET', '/scoring-rules/?page_size=100', undefined, viewer)).body
      .results as Json[];
    const flags = Object.fromEntries(rules.map((rule) => [rule.name, rule.counts_toward_grade]));
    expect(flags).toMatchObject({
      'Target Industry': true,
      'Decision Maker': true,
      'Email Engaged': false,
      'Recent Activity': false,
    });
    const title = rules.find((rule) => rule.name === 'Decision Maker');
    const before = (await call('GET', '/scoring-settings/')).body.rule_set_version as number;
    // the title no longer measures fit: the plain lead's 20 fit points are 20 of 35
    const patched = await call('PATCH', `/scoring-rules/${title.id}/`, { counts_toward_grade: false });
    expect(patched.status).toBe(200);
    expect(patched.body.counts_toward_grade).toBe(false);
    const scored = await calculate(plainLead);
    expect(scored.rule_set_version).toBe(before + 1);
    expect(scored.explanation.grade).toMatchObject({ fit_points: 20, max_fit_points: 35, grade: 'C' });
    const version = await call('GET', `/scoring-rules/versions/${before + 1}/`, undefined, viewer);
    expect(version.status).toBe(200);
    const versioned = (version.body.rules as Json[]).find((rule) => rule.name === 'Decision Maker');
    expect(versioned).toMatchObject({ counts_toward_grade: false });
    const refused = await call('PATCH', `/scoring-rules/${title.id}/`, { counts_toward_grade: 'no' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'counts_toward_grade' }));
    expect((await call('PATCH', `/scoring-rules/${title.id}/`, { counts_toward_grade: true })).status).toBe(
      200,
    );
  });

  it('simulates grades beside scores, before and after, and counts the grade changes like stage changes', async () => {
    // the draft: only the industry measures fit, so the plain lead's industry is all the fit there is
    const draft = GUIDE_RULES.map((rule) =>
      rule.rule_type === 'firmographic' && rule.name !== 'Target Industry'
        ? { ...rule, counts_toward_grade: false }
        : rule.rule_type === 'demographic'
          ? { ...rule, counts_toward_grade: false }
          : rule,
    );
    const simulated = await call('POST', '/lead-scores/simulate/', {
      rules: draft,
      lead_ids: [fitLead, plainLead],
    });
    expect(simulated.status).toBe(200);
    const byLead = Object.fromEntries((simulated.body.leads as Json[]).map((lead) => [lead.lead, lead]));
    expect(byLead[fitLead]).toMatchObject({
      current_grade: 'A',
      simulated_grade: 'A',
      current_stage: 'fit',
      simulated_stage: 'fit',
    });
    // 20 of 50 fit points now (C, below the criterion's B); 20 of 20 with the draft (A, so it qualifies)
    expect(byLead[plainLead]).toMatchObject({
      current_grade: 'C',
      simulated_grade: 'A',
      current_stage: 'unqualified',
      simulated_stage: 'fit',
    });
    expect(simulated.body).toMatchObject({ stage_changes: 1, grade_changes: 1 });
    // nothing was written: the lead keeps its grade
    expect((await call('GET', `/api/leads/${plainLead}/`)).body.grade).toBe('C');
  });

  it('turns grades off with grading: null', async () => {
    expect((await call('PUT', '/scoring-settings/', { decay: null, grading: null })).status).toBe(200);
    const scored = await calculate(fitLead);
    expect(scored.grade).toBeNull();
    expect(scored.explanation.grade).toBeNull();
  });
});
