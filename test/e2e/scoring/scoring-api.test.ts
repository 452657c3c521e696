import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Config } from '@leadflow/config';
import { callApi, createTestContext, loginAs, type Reply } from '@leadflow/test-harness';
import { startApi } from '../../harness/api';
import { startInProcessWorker } from '../../harness/in-process-worker';

const API = '/api/lead-qualification';
const DAY = 24 * 3600 * 1000;

/** The guide's five "Common Scoring Rules Examples", JSON-string values as printed. */
const GUIDE_RULES = [
  {
    name: 'Target Industry',
    rule_type: 'firmographic',
    field_name: 'industry',
    operator: 'in_list',
    value: '["SaaS", "Enterprise Software"]',
    points: 20,
  },
  {
    name: 'Mid to Large Company',
    rule_type: 'firmographic',
    field_name: 'company_size',
    operator: 'in_list',
    value: '["51-200", "201-500", "500+"]',
    points: 15,
  },
  {
    name: 'Email Engaged',
    rule_type: 'behavioral',
    field_name: 'email_opens_count',
    operator: 'greater_than',
    value: '3',
    points: 10,
  },
  {
    name: 'Recent Activity',
    rule_type: 'engagement',
    field_name: 'days_since_creation',
    operator: 'less_than',
    value: '30',
    points: 10,
  },
  {
    name: 'Decision Maker',
    rule_type: 'demographic',
    field_name: 'title',
    operator: 'contains',
    value: 'director',
    points: 15,
  },
];

const HIGH_VALUE_INDUSTRY = {
  name: 'High-value industry',
  rule_type: 'firmographic',
  field_name: 'industry',
  operator: 'in_list',
  value: '["Technology", "Finance", "Healthcare"]',
  points: 15,
  is_active: true,
  priority: 10,
};

const MQL = {
  name: 'Marketing Qualified Lead',
  stage: 'mql',
  minimum_score: 40,
  required_fields: ['email', 'company', 'phone'],
  required_actions: ['email_opened', 'form_submitted'],
  time_constraint_days: 90,
  is_active: true,
};

const SQL = {
  name: 'Sales Qualified Lead',
  stage: 'sql',
  minimum_score: 65,
  required_fields: ['email', 'company', 'phone', 'title', 'company_size'],
  required_actions: ['email_opened', 'email_clicked', 'demo_requested'],
  time_constraint_days: 60,
  is_active: true,
};

type Json = Reply['body'];

describe("scoring API (the guide's requests, against the real services)", () => {
  let app: INestApplication;
  // The worker's processors start in the bulk test, so that the `lead:<id>` rescoring jobs the leads API
  // queues do not add calculations while the earlier tests count them.
  let worker: INestApplicationContext | undefined;
  let workerConfig: Config;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  function call(method: string, path: string, body?: unknown, headers = editor): Promise<Reply> {
    return callApi(base, method, `${API}${path}`, headers, body);
  }

  /** A body sent as it is, for JSON the client got wrong. */
  async function postRaw(path: string, text: string): Promise<number> {
    return (await fetch(`${base}${API}${path}`, { method: 'POST', headers: editor, body: text })).status;
  }

  /** A lead and its activities through the leads API (each change also queues a `lead:<id>` rescoring). */
  async function insertLead(
    fields: Json,
    activities: { type: string; daysAgo: number }[] = [],
  ): Promise<number> {
    const created = await callApi(base, 'POST', '/api/leads/', editor, fields);
    if (created.status !== 201) throw new Error(`creating a lead failed: ${JSON.stringify(created.body)}`);
    for (const activity of activities) await addActivity(created.body.id, activity.type, activity.daysAgo);
    return created.body.id;
  }

  async function addActivity(leadId: number, type: string, daysAgo = 0): Promise<void> {
    const occurred_at = new Date(Date.now() - daysAgo * DAY).toISOString();
    const added = await callApi(base, 'POST', `/api/leads/${leadId}/activities/`, editor, {
      type,
      occurred_at,
    });
    if (added.status !== 201) throw new Error(`adding an activity failed: ${JSON.stringify(added.body)}`);
  }

  function guideLead(): Promise<number> {
    return insertLead(
      {
        first_name: 'John',
        last_name: 'Doe',
        email: 'john@acme.example',
        phone: '+1 555 0100',
        company: 'Acme Corp',
        title: 'Director of Engineering',
        industry: 'SaaS',
        company_size: '201-500',
        status: 'new',
        source: 'website',
        created_at: new Date(Date.now() - 3 * DAY).toISOString(),
      },
      Array.from({ length: 5 }, (_, i) => ({ type: 'email_opened', daysAgo: i })),
    );
  }

  beforeAll(async () => {
    const { config } = createTestContext();
    [app, base] = await startApi(config);
    workerConfig = config;
    editor = await loginAs(base, 'editor');
    viewer = await loginAs(base, 'viewer');
  });

  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  const ruleIds: Record<string, number> = {};

  it("creates the guide's rules with JSON-string values and shows them as sent, with the compiled rule", async () => {
    const created = await call('POST', '/scoring-rules/', HIGH_VALUE_INDUSTRY);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...HIGH_VALUE_INDUSTRY, id: expect.any(Number) });
    expect(created.body.compiled).toEqual({
      name: 'High-value industry',
      priority: 10,
      conditions: {
        all: [{ fact: 'industry', operator: 'in_list', value: ['Technology', 'Finance', 'Healthcare'] }],
      },
      event: {
        type: 'score',
        params: { rule_id: String(created.body.id), category: 'firmographic', points: 15 },
      },
    });
    ruleIds[HIGH_VALUE_INDUSTRY.name] = created.body.id;
    for (const rule of GUIDE_RULES) {
      const response = await call('POST', '/scoring-rules', rule);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ ...rule, priority: 1, is_active: true });
      ruleIds[rule.name] = response.body.id;
    }
    const fetched = await call('GET', `/scoring-rules/${ruleIds['Email Engaged']}/`, undefined, viewer);
    expect(fetched.status).toBe(200);
    expect(fetched.body.value).toBe('3');
  });

  it('accepts the nested form', async () => {
    const nested = {
      name: 'Engaged SaaS decision maker',
      rule_type: 'engagement',
      conditions: {
        all: [
          { field: 'industry', operator: 'equals', value: 'SaaS' },
          { any: [{ field: 'demo_requested_count', operator: 'greater_than', value: 0 }] },
        ],
      },
      points: 20,
      is_active: false,
    };
    const response = await call('POST', '/scoring-rules/', nested);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject(nested);
    expect(response.body.compiled.conditions.all[1]).toEqual({
      any: [{ fact: 'demo_requested_count', operator: 'greater_than', value: 0 }],
    });
    ruleIds.nested = response.body.id;
  });

  it('refuses an invalid rule with 400 listing every problem, and stores nothing', async () => {
    const before = await call('GET', '/scoring-rules/');
    const response = await call('POST', '/scoring-rules/', {
      name: '',
      rule_type: 'psychographic',
      field_name: 'industri',
      operator: 'in_lst',
      value: '["SaaS"',
      points: 500,
      colour: 'red',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status_code: 400, error: 'Bad Request' });
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['name', 'rule_type', 'field_name', 'operator', 'points', 'colour']),
    );
    for (const bad of [[], { name: 'x' }]) {
      const refused = await call('POST', '/scoring-rules/', bad);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.length).toBeGreaterThan(0);
    }
    // bare JSON scalars are refused by the body parser itself
    for (const bad of ['"text"', 'null', '42', '{"name": '])
      expect(await postRaw('/scoring-rules/', bad)).toBe(400);
    expect((await call('GET', '/scoring-rules/')).body.count).toBe(before.body.count);
  });

  it('lists with filters, search, ordering and pages', async () => {
    const firmographic = await call(
      'GET',
      '/scoring-rules/?rule_type=firmographic&ordering=-points',
      undefined,
      viewer,
    );
    expect(firmographic.status).toBe(200);
    expect(firmographic.body.results.map((rule: Json) => rule.name)).toEqual([
      'Target Industry',
      'High-value industry',
      'Mid to Large Company',
    ]);
    const inactive = await call('GET', '/scoring-rules/?is_active=false');
    expect(inactive.body.results.map((rule: Json) => rule.id)).toEqual([ruleIds.nested]);
    const search = await call('GET', '/scoring-rules/?search=INDUSTRY');
    expect(search.body.count).toBe(2);
    const page = await call('GET', '/scoring-rules/?page=2&page_size=3&ordering=id');
    expect(page.body).toMatchObject({ count: 7, previous: expect.stringContaining('page=1') });
    expect(page.body.results).toHaveLength(3);
    expect(page.body.next).toContain('page=3');
    expect((await call('GET', '/scoring-rules/?ordering=colour')).status).toBe(400);
    expect((await call('GET', '/scoring-rules/?is_active=maybe')).status).toBe(400);
  });

  it("validates without saving: errors, and the linter's warnings", async () => {
    const ok = await call('POST', '/scoring-rules/validate/', { ...HIGH_VALUE_INDUSTRY, points: 40 });
    expect(ok.status).toBe(200);
    expect(ok.body.valid).toBe(true);
    expect(ok.body.warnings.map((warning: Json) => warning.code)).toContain('RULE_POINTS_OVER_25');
    expect(ok.body.compiled.conditions.all[0].value).toEqual(['Technology', 'Finance', 'Healthcare']);
    const bad = await call('POST', '/scoring-rules/validate/', {
      ...HIGH_VALUE_INDUSTRY,
      operator: 'bigger',
    });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ pointer: '/operator' })],
    });
    expect((await call('GET', '/scoring-rules/')).body.count).toBe(7);
  });

  it("creates the guide's MQL and SQL criteria, and refuses a bad one", async () => {
    for (const criterion of [MQL, SQL]) {
      const response = await call('POST', '/qualification-criteria/', criterion);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ ...criterion, id: expect.any(Number) });
    }
    const bad = await call('POST', '/qualification-criteria/', {
      ...MQL,
      minimum_score: 140,
      stage: 'Not A Stage',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: Json) => error.field)).toEqual(
      expect.arrayContaining(['minimum_score', 'stage']),
    );
    const list = await call('GET', '/qualification-criteria/', undefined, viewer);
    expect(list.body.results.map((criterion: Json) => criterion.stage)).toEqual(['mql', 'sql']);
  });

  let leadId = 0;

  it("calculates the guide's lead: 70 points from the five example rules, in the guide's shape", async () => {
    leadId = await guideLead();
    const response = await call('POST', '/lead-scores/calculate/', { lead_id: leadId });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: expect.any(Number),
      lead: leadId,
      lead_name: 'John Doe',
      score: 70,
      previous_score: 0,
      score_change: 70,
      score_breakdown: { demographic: 15, behavioral: 10, firmographic: 35, engagement: 10 },
      // MQL also asks for a form submission, which this lead has not made
      qualification_stage: 'unqualified',
      rule_set_version: expect.any(Number),
    });
    expect(new Date(response.body.calculated_at).toString()).not.toBe('Invalid Date');
    expect(response.body.explanation.rules).toHaveLength(6);
    expect(response.body.explanation.criteria.map((outcome: Json) => outcome.stage)).toEqual(['mql', 'sql']);
  });

  it('a second calculation carries previous_score and score_change, and the new version and stage', async () => {
    await addActivity(leadId, 'form_submitted');
    const patched = await call('PATCH', `/scoring-rules/${ruleIds['Decision Maker']}/`, { points: 5 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      points: 5,
      value: 'director',
      compiled: { event: { params: { points: 5 } } },
    });
    const first = await call('GET', `/lead-scores/history/?lead_id=${leadId}`);
    const second = await call('POST', '/lead-scores/calculate', { lead_id: leadId });
    expect(second.body).toMatchObject({
      score: 60,
      previous_score: 70,
      score_change: -10,
      qualification_stage: 'mql',
    });
    expect(second.body.rule_set_version).toBeGreaterThan(first.body[0].rule_set_version);
  });

  it('serves the history newest first', async () => {
    const history = await call('GET', `/lead-scores/history/?lead_id=${leadId}`, undefined, viewer);
    expect(history.status).toBe(200);
    expect(history.body.map((entry: Json) => entry.score)).toEqual([60, 70]);
    expect(history.body[0]).toMatchObject({ lead: leadId, lead_name: 'John Doe', previous_score: 70 });
    expect((await call('GET', '/lead-scores/history/')).status).toBe(400);
    expect((await call('GET', '/lead-scores/history/?lead_id=999999')).status).toBe(404);
  });

  it('records the stage change of the second calculation', async () => {
    const changes = await call('GET', `/lead-scores/stage_history/?lead_id=${leadId}`, undefined, viewer);
    expect(changes.status).toBe(200);
    expect(changes.body).toEqual([
      expect.objectContaining({ lead_id: leadId, from_stage: 'unqualified', to_stage: 'mql', score: 60 }),
    ]);
  });

  it('50 concurrent calculations of one lead make a history in which each previous_score is the score before', async () => {
    const id = await guideLead();
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => call('POST', '/lead-scores/calculate/', { lead_id: id })),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: 50 }, () => 200));
    const history = (await call('GET', `/lead-scores/history/?lead_id=${id}`)).body as Json[];
    expect(history).toHaveLength(50);
    expect(new Set(history.map((entry) => entry.id)).size).toBe(50);
    // a lost update would show as a second entry that saw no previous calculation
    expect(history.filter((entry) => entry.previous_score === 0)).toHaveLength(1);
    for (let i = 0; i + 1 < history.length; i++)
      expect(history[i]!.previous_score).toBe(history[i + 1]!.score);
    const lead = await callApi(base, 'GET', `/api/leads/${id}/`, viewer);
    expect(lead.body).toMatchObject({ score: history[0]!.score });
    // the current score is the newest of the fifty, listed once
    const current = await call('GET', `/lead-scores/?lead_id=${id}`, undefined, viewer);
    expect(current.body).toMatchObject({ count: 1, results: [{ id: history[0]!.id }] });
  });

  it("tests one rule against one lead in the guide's shape", async () => {
    const industryLead = await insertLead({
      email: 'ops@acme.example',
      company: 'Acme Corp',
      industry: 'Technology',
    });
    const applied = await call('POST', `/scoring-rules/${ruleIds['High-value industry']}/test_rule/`, {
      lead_id: industryLead,
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      rule: 'High-value industry',
      lead: 'Acme Corp',
      points_awarded: 15,
      rule_applied: true,
    });
    expect(applied.body.explanation).toMatchObject({ group: 'all', result: true });
    const notApplied = await call('POST', `/scoring-rules/${ruleIds['High-value industry']}/test_rule/`, {
      lead_id: leadId,
    });
    expect(notApplied.body).toMatchObject({ points_awarded: 0, rule_applied: false });
    expect((await call('POST', '/scoring-rules/999999/test_rule/', { lead_id: leadId })).status).toBe(404);
    expect(
      (await call('POST', `/scoring-rules/${ruleIds['High-value industry']}/test_rule/`, { lead_id: 'x' }))
        .status,
    ).toBe(400);
  });

  it("bulk-calculates through the worker's processors, reporting progress to completion", async () => {
    worker = await startInProcessWorker(workerConfig);
    const ids = await Promise.all(Array.from({ length: 5 }, () => guideLead()));
    const started = await call('POST', '/lead-scores/bulk_calculate/', { lead_ids: [...ids, 999999] });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ job_id: expect.any(String), total: 6 });
    const deadline = Date.now() + 30_000;
    let status = started.body;
    while (status.state !== 'completed' && status.state !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await call('GET', `/lead-scores/bulk_calculate/${started.body.job_id}/`, undefined, viewer))
        .body;
    }
    expect(status).toMatchObject({ state: 'completed', total: 6, processed: 6, failed: 1 });
    expect(status.started_at).toEqual(expect.any(String));
    expect(status.finished_at).toEqual(expect.any(String));
    const history = await call('GET', `/lead-scores/history/?lead_id=${ids[0]}`);
    expect(history.body[0]).toMatchObject({ score: 60 });

    const all = await call('POST', '/lead-scores/bulk_calculate/', { recalculate_all: true });
    expect(all.status).toBe(202);
    expect((await call('POST', '/lead-scores/bulk_calculate/', {})).status).toBe(400);
    expect((await call('GET', '/lead-scores/bulk_calculate/999999/')).status).toBe(404);
  });

  it('rescoring jobs queued by the leads API are run by the scoring processor', async () => {
    const id = await insertLead({
      first_name: 'Ada',
      email: 'ada@example.com',
      title: 'Director of Sales',
      industry: 'SaaS',
    });
    const deadline = Date.now() + 30_000;
    let history: Json[] = [];
    while (history.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      history = (await call('GET', `/lead-scores/history/?lead_id=${id}`)).body as Json[];
    }
    // Target Industry 20 + Decision Maker (now 5) 5; created just now, so Recent Activity 10
    expect(history[0]).toMatchObject({ lead: id, score: 35 });
    // The history row is written before the lead's own copy of the score, so wait for the lead too.
    let lead: Json = {};
    while (lead['score'] !== 35 && Date.now() < deadline) {
      lead = (await (await fetch(`${base}/api/leads/${id}/`, { headers: viewer })).json()) as Json;
      if (lead['score'] !== 35) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lead).toMatchObject({ score: 35, qualification_stage: 'unqualified' });
  });

  it("reports the distribution in the guide's shape", async () => {
    const response = await call('GET', '/lead-scores/distribution/', undefined, viewer);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(
      ['avg_score', 'score_0_20', 'score_20_40', 'score_40_60', 'score_60_80', 'score_80_100'].sort(),
    );
    // six leads scored 60 (the guide lead and the five bulk ones)
    expect(response.body.score_60_80).toBeGreaterThanOrEqual(6);
  });

  it("lists each lead's current score once, with filters", async () => {
    const all = await call('GET', '/lead-scores/?page_size=500', undefined, viewer);
    expect(all.status).toBe(200);
    const leads = (all.body.results as Json[]).map((entry) => entry.lead);
    expect(new Set(leads).size).toBe(leads.length);
    const guide = await call('GET', `/lead-scores/?lead_id=${leadId}`);
    expect(guide.body).toMatchObject({
      count: 1,
      results: [{ lead: leadId, lead_name: 'John Doe', score: 60 }],
    });
    const high = await call('GET', '/lead-scores/?min_score=61');
    expect((high.body.results as Json[]).every((entry) => entry.score >= 61)).toBe(true);
    expect((await call('GET', '/lead-scores/?min_score=200')).status).toBe(400);
  });

  it('leaves a deleted lead out of the current scores and the distribution', async () => {
    const id = await guideLead();
    expect((await call('POST', '/lead-scores/calculate/', { lead_id: id })).status).toBe(200);
    const total = async () => {
      const { body } = await call('GET', '/lead-scores/distribution/', undefined, viewer);
      return ['score_0_20', 'score_20_40', 'score_40_60', 'score_60_80', 'score_80_100']
        .map((band) => body[band] as number)
        .reduce((sum, count) => sum + count, 0);
    };
    const before = await total();
    expect((await call('GET', `/lead-scores/?lead_id=${id}`)).body.count).toBe(1);
    expect((await callApi(base, 'DELETE', `/api/leads/${id}/`, editor)).status).toBe(204);
    expect((await call('GET', `/lead-scores/?lead_id=${id}`)).body).toMatchObject({ count: 0, results: [] });
    expect(await total()).toBe(before - 1);
  });

  it('simulates draft rules on leads without writing anything', async () => {
    const before = (await call('GET', `/lead-scores/history/?lead_id=${leadId}`)).body as Json[];
    const draft = { ...GUIDE_RULES[0], points: 25 };
    const simulated = await call('POST', '/lead-scores/simulate/', { rules: [draft], lead_ids: [leadId] });
    expect(simulated.status).toBe(200);
    expect(simulated.body).toMatchObject({
      sample_size: 1,
      leads: [
        {
          lead: leadId,
          current_score: 60,
          simulated_score: 25,
          score_change: -35,
          simulated_stage: 'unqualified',
          // the draft's only fit rule matches: all its fit points
          simulated_grade: 'A',
        },
      ],
      distribution_before: { score_60_80: 1, avg_score: 60 },
      distribution_after: { score_20_40: 1, avg_score: 25 },
    });
    const bad = await call('POST', '/lead-scores/simulate/', {
      rules: [{ ...draft, operator: 'bigger', points: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: Json) => error.field)).toEqual(
      expect.arrayContaining(['rules["Target Industry"].operator', 'rules["Target Industry"].points']),
    );
    expect((await call('GET', `/lead-scores/history/?lead_id=${leadId}`)).body).toHaveLength(before.length);
  });

  it('documents every scoring endpoint in the OpenAPI document', async () => {
    const spec = await callApi(base, 'GET', '/api/docs-json', {});
    const paths = Object.keys(spec.body.paths as object);
    for (const path of [
      '/api/lead-qualification/scoring-rules',
      '/api/lead-qualification/scoring-rules/validate',
      '/api/lead-qualification/scoring-rules/{id}',
      '/api/lead-qualification/scoring-rules/{id}/test_rule',
      '/api/lead-qualification/scoring-rules/versions',
      '/api/lead-qualification/scoring-rules/versions/diff',
      '/api/lead-qualification/scoring-rules/versions/{version}',
      '/api/lead-qualification/qualification-criteria',
      '/api/lead-qualification/qualification-criteria/{id}',
      '/api/lead-qualification/lead-scores',
      '/api/lead-qualification/lead-scores/calculate',
      '/api/lead-qualification/lead-scores/history',
      '/api/lead-qualification/lead-scores/distribution',
      '/api/lead-qualification/lead-scores/bulk_calculate',
      '/api/lead-qualification/lead-scores/bulk_calculate/{job_id}',
      '/api/lead-qualification/lead-scores/simulate',
      '/api/lead-qualification/lead-scores/stage_history',
    ])
      expect(paths).toContain(path);
    const create = spec.body.paths['/api/lead-qualification/scoring-rules'].post;
    expect(Object.keys(create.requestBody.content['application/json'].examples)).toContain(
      'high_value_industry',
    );
  });

  it('publishes a version per change, serves each, and diffs two', async () => {
    const list = await call('GET', '/scoring-rules/versions/', undefined, viewer);
    expect(list.status).toBe(200);
    // 7 rules + 2 criteria + 1 patch
    expect(list.body.count).toBe(10);
    expect(list.body.results[0]).toMatchObject({ version: 10, reason: expect.stringContaining('updated') });
    const v1 = await call('GET', '/scoring-rules/versions/1/');
    expect(v1.body.rules).toHaveLength(1);
    const diff = await call('GET', '/scoring-rules/versions/diff/?from=1&to=10');
    expect(diff.status).toBe(200);
    expect(diff.body.added).toHaveLength(6);
    expect(diff.body.removed).toHaveLength(0);
    expect(diff.body.criteria.added.map((criterion: Json) => criterion.stage)).toEqual(['mql', 'sql']);
    const changed = await call('GET', '/scoring-rules/versions/diff/?from=9&to=10');
    expect(changed.body.changed).toEqual([
      expect.objectContaining({
        id: ruleIds['Decision Maker'],
        from: expect.objectContaining({ points: 15 }),
        to: expect.objectContaining({ points: 5 }),
      }),
    ]);
    expect((await call('GET', '/scoring-rules/versions/99/')).status).toBe(404);
    expect((await call('GET', '/scoring-rules/versions/diff/?from=1')).status).toBe(400);
  });

  it('answers malformed bodies and parameters with a 4xx listing the problem, and changes nothing', async () => {
    const rule = GUIDE_RULES[0]!;
    const cases: [string, string, unknown, number][] = [
      ['POST', '/scoring-rules/', { ...rule, value: '["SaaS"' }, 400],
      ['POST', '/scoring-rules/', { ...rule, value: '"not a list"', operator: 'in_list' }, 400],
      ['POST', '/scoring-rules/', { ...rule, points: 101 }, 400],
      ['POST', '/scoring-rules/', { ...rule, points: 2.5 }, 400],
      ['POST', '/scoring-rules/', { ...rule, priority: -1 }, 400],
      ['POST', '/scoring-rules/', { ...rule, is_active: 'yes' }, 400],
      ['POST', '/scoring-rules/', { ...rule, field_name: '__proto__' }, 400],
      ['POST', '/scoring-rules/', { ...rule, operator: 'greater_than', value: 'ten' }, 400],
      ['POST', '/scoring-rules/', { ...rule, operator: 'matches_regex', value: '(a)\\1' }, 400],
      ['POST', '/scoring-rules/', { ...rule, conditions: { all: [] } }, 400],
      [
        'POST',
        '/scoring-rules/',
        { name: 'n', rule_type: 'behavioral', points: 1, conditions: { xor: [] } },
        400,
      ],
      ['POST', '/scoring-rules/', { ...rule, name: 'x'.repeat(201) }, 400],
      ['POST', '/scoring-rules/', { ...rule, industry: { $ne: null } }, 400],
      ['PATCH', `/scoring-rules/${ruleIds['Target Industry']}/`, { points: 'many' }, 400],
      ['PATCH', `/scoring-rules/${ruleIds['Target Industry']}/`, { operator: 'between', value: '[5]' }, 400],
      ['PUT', `/scoring-rules/${ruleIds['Target Industry']}/`, { name: 'only a name' }, 400],
      ['PUT', '/scoring-rules/999999/', rule, 404],
      ['POST', `/scoring-rules/${ruleIds['Target Industry']}/test_rule/`, {}, 400],
      ['POST', `/scoring-rules/${ruleIds['Target Industry']}/test_rule/`, { lead_id: 999999 }, 404],
      ['POST', `/scoring-rules/${ruleIds['Target Industry']}/test_rule/`, { lead_id: 1, extra: true }, 400],
      ['POST', '/qualification-criteria/', { ...MQL, minimum_score: -1 }, 400],
      ['POST', '/qualification-criteria/', { ...MQL, required_fields: 'email' }, 400],
      ['POST', '/qualification-criteria/', { ...MQL, stage: 'unqualified' }, 400],
      ['POST', '/qualification-criteria/', { ...MQL, time_constraint_days: 'ninety' }, 400],
      ['PATCH', '/qualification-criteria/999999/', { minimum_score: 10 }, 404],
      ['POST', '/lead-scores/calculate/', {}, 400],
      ['POST', '/lead-scores/calculate/', { lead_id: '123' }, 400],
      ['POST', '/lead-scores/calculate/', { lead_id: -4 }, 400],
      ['POST', '/lead-scores/calculate/', { lead_id: 999999 }, 404],
      ['POST', '/lead-scores/bulk_calculate/', { lead_ids: [] }, 400],
      ['POST', '/lead-scores/bulk_calculate/', { lead_ids: ['a'] }, 400],
      ['POST', '/lead-scores/bulk_calculate/', { lead_ids: [1], recalculate_all: true }, 400],
      ['POST', '/lead-scores/simulate/', { rules: 'none' }, 400],
      ['POST', '/lead-scores/simulate/', { rules: [rule, rule] }, 400],
      ['GET', '/lead-scores/history/?lead_id=abc', undefined, 400],
      ['GET', '/lead-scores/?page=0', undefined, 400],
      ['GET', '/scoring-rules/?page_size=0', undefined, 400],
      ['GET', '/scoring-rules/?rule_type=psychographic', undefined, 400],
      ['GET', '/scoring-rules/versions/diff/?from=a&to=2', undefined, 400],
      ['GET', '/lead-scores/bulk_calculate/abc/', undefined, 400],
    ];
    const rulesBefore = await call('GET', '/scoring-rules/?page_size=500');
    const versionsBefore = await call('GET', '/scoring-rules/versions/');
    const criteriaBefore = await call('GET', '/qualification-criteria/');
    for (const [method, path, body, status] of cases) {
      const reply = await call(method, path, body);
      expect({ method, path, status: reply.status }).toEqual({ method, path, status });
      expect(reply.body).toMatchObject({ status_code: status, message: expect.any(String) });
      if (status === 400) expect(reply.body.errors.length).toBeGreaterThan(0);
    }
    expect((await call('GET', '/scoring-rules/?page_size=500')).body).toEqual(rulesBefore.body);
    expect((await call('GET', '/scoring-rules/versions/')).body.count).toBe(versionsBefore.body.count);
    expect((await call('GET', '/qualification-criteria/')).body).toEqual(criteriaBefore.body);
  });

  it('replaces and deletes rules, 404 for unknown ids, 403 for viewers writing', async () => {
    // names are unique: the guide's rule exists already, so the replacement takes a name of its own
    const taken = await call('PUT', `/scoring-rules/${ruleIds.nested}/`, HIGH_VALUE_INDUSTRY);
    expect(taken.status).toBe(409);
    const flat = { ...HIGH_VALUE_INDUSTRY, name: 'High-value industry, flat' };
    const put = await call('PUT', `/scoring-rules/${ruleIds.nested}/`, flat);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...flat, id: ruleIds.nested });
    expect(put.body.conditions).toBeUndefined();
    expect((await call('DELETE', `/scoring-rules/${ruleIds.nested}/`)).status).toBe(204);
    expect((await call('GET', `/scoring-rules/${ruleIds.nested}/`)).status).toBe(404);
    expect((await call('GET', '/scoring-rules/abc/')).status).toBe(400);
    expect((await call('POST', '/scoring-rules/', HIGH_VALUE_INDUSTRY, viewer)).status).toBe(403);
    expect((await call('POST', '/scoring-rules/', HIGH_VALUE_INDUSTRY, {})).status).toBe(401);
  });
});
