import type { INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { connectMongo } from '@leadflow/persistence';
import { callApi, collectionsSnapshot, createTestContext, loginAs } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const Q = '/api/lead-qualification';

/** One refused request: what is sent, the 4xx expected, and fields the error list must name (all of them). */
interface BadCase {
  method: string;
  path: string;
  /** a value is sent as JSON; a `raw` string is sent as it is */
  body?: unknown;
  raw?: string;
  status: number;
  fields?: string[];
}

const LEAD = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company: 'Analytical' };

/**
 * The other endpoints' side of "bad input" (test/e2e/scoring/scoring-api.test.ts covers the scoring rules,
 * criteria and lead scores): malformed JSON, wrong types, unknown fields, `$`-keys, an oversized body and bad
 * query parameters each get a 4xx that lists every problem, and no collection changes at all, compared
 * document by document before and after.
 */
describe('malformed requests across the API: 4xx with every problem listed, nothing stored changes', () => {
  const { config } = createTestContext({ BODY_LIMIT: '64kb' });
  let app: INestApplication;
  let base: string;
  let db: Connection;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  let leadId: number;
  let workflowId: number;
  let ruleId: number;

  const snapshot = () => collectionsSnapshot(db);

  beforeAll(async () => {
    [app, base] = await startApi(config);
    db = await connectMongo(config);
    editor = await loginAs(base, 'editor');
    admin = await loginAs(base, 'admin');
    leadId = (await callApi(base, 'POST', '/api/leads/', editor, LEAD)).body.id as number;
    workflowId = (
      await callApi(base, 'POST', `${Q}/workflows/`, editor, {
        name: 'Follow up on SQL',
        trigger_type: 'score_threshold',
        trigger_config: { score: 65 },
        action_type: 'create_task',
        action_config: { title: 'Call qualified lead', due_in_days: 1, priority: 'high' },
        is_active: true,
      })
    ).body.id as number;
    ruleId = (
      await callApi(base, 'POST', `${Q}/scoring-rules/`, editor, {
        name: 'Decision Maker',
        rule_type: 'demographic',
        field_name: 'title',
        operator: 'contains',
        value: 'director',
        points: 15,
      })
    ).body.id as number;
  });

  afterAll(async () => {
    await app.close();
    await db.dropDatabase();
    await db.close();
  });

  it('refuses at least 40 malformed requests with a 4xx naming every problem, and changes nothing', async () => {
    const cases: BadCase[] = [
      // JSON the client got wrong
      { method: 'POST', path: '/api/leads/', raw: '{"email": "a@b.example",', status: 400 },
      { method: 'POST', path: '/api/leads/', raw: "{'email': 'single quotes'}", status: 400 },
      { method: 'POST', path: `/api/leads/${leadId}/activities/`, raw: '[1, 2,]', status: 400 },
      { method: 'POST', path: `${Q}/workflows/`, raw: '{"name": NaN}', status: 400 },
      { method: 'POST', path: `${Q}/rule-sets/apply/`, raw: 'rules:\n  - name: yaml', status: 400 },
      { method: 'POST', path: '/api/auth/token', raw: '{"username": "admin"', status: 400 },
      // an oversized body (BODY_LIMIT is 64kb here)
      {
        method: 'POST',
        path: '/api/leads/',
        body: { ...LEAD, custom_fields: { notes: 'x'.repeat(70_000) } },
        status: 413,
      },
      {
        method: 'POST',
        path: '/api/leads/import/',
        body: Array.from({ length: 600 }, () => ({ ...LEAD, company: 'y'.repeat(200) })),
        status: 413,
      },
      // wrong types and values, several at once
      {
        method: 'POST',
        path: '/api/leads/',
        body: { email: 'not-an-email', first_name: 7, owner_id: 'five', technologies: 'go' },
        status: 400,
        fields: ['email', 'first_name', 'owner_id', 'technologies'],
      },
      {
        method: 'POST',
        path: '/api/leads/',
        body: { ...LEAD, created_at: 'yesterday' },
        status: 400,
        fields: ['created_at'],
      },
      {
        method: 'POST',
        path: '/api/leads/',
        body: { ...LEAD, social_profiles: ['linkedin'] },
        status: 400,
        fields: ['social_profiles'],
      },
      { method: 'POST', path: '/api/leads/', body: [LEAD], status: 400 },
      { method: 'POST', path: '/api/leads/', body: 'just a string', status: 400 },
      {
        method: 'PATCH',
        path: `/api/leads/${leadId}/`,
        body: { email: 42, status: ['new'] },
        status: 400,
        fields: ['email', 'status'],
      },
      {
        method: 'PATCH',
        path: `/api/leads/${leadId}/`,
        body: { qualification_stage: 'sql' },
        status: 400,
        fields: ['qualification_stage'],
      },
      {
        method: 'PUT',
        path: `/api/leads/${leadId}/`,
        body: { first_name: 'no email' },
        status: 400,
        fields: ['email'],
      },
      { method: 'PATCH', path: '/api/leads/987654/', body: { company: 'Nobody' }, status: 404 },
      {
        method: 'POST',
        path: `/api/leads/${leadId}/activities/`,
        body: { type: 'Email Opened!', occurred_at: 'soon', metadata: 'none' },
        status: 400,
        fields: ['type', 'occurred_at', 'metadata'],
      },
      { method: 'POST', path: `/api/leads/${leadId}/activities/`, body: {}, status: 400, fields: ['type'] },
      { method: 'POST', path: '/api/leads/987654/activities/', body: { type: 'email_opened' }, status: 404 },
      { method: 'POST', path: '/api/leads/import/', body: { leads: [LEAD] }, status: 400 },
      // unknown fields
      {
        method: 'POST',
        path: '/api/leads/',
        body: { ...LEAD, favourite_colour: 'blue' },
        status: 400,
        fields: ['favourite_colour'],
      },
      {
        method: 'POST',
        path: '/api/users/',
        body: { username: 'new.user', password: 'long enough pass', role: 'viewer', shoe_size: 44 },
        status: 400,
        fields: ['shoe_size'],
      },
      {
        method: 'POST',
        path: `${Q}/workflows/`,
        body: {
          name: 'x',
          trigger_type: 'manual',
          action_type: 'change_status',
          action_config: { status: 'qualified' },
          colour: 'red',
        },
        status: 400,
      },
      { method: 'POST', path: `${Q}/rule-sets/apply/`, body: { rules: [], extras: true }, status: 400 },
      // $-keys and prototype keys, at any depth
      { method: 'POST', path: '/api/leads/', body: { ...LEAD, email: { $ne: null } }, status: 400 },
      {
        method: 'POST',
        path: '/api/leads/',
        body: { ...LEAD, custom_fields: { nested: { $where: 'sleep(1)' } } },
        status: 400,
      },
      { method: 'PATCH', path: `/api/leads/${leadId}/`, body: { $set: { status: 'won' } }, status: 400 },
      {
        method: 'POST',
        path: '/api/auth/token',
        body: { username: { $gt: '' }, password: { $gt: '' } },
        status: 400,
      },
      {
        method: 'POST',
        path: `${Q}/workflows/`,
        raw: '{"__proto__": {"is_admin": true}, "name": "p"}',
        status: 400,
      },
      // users and API keys (admin routes)
      {
        method: 'POST',
        path: '/api/users/',
        body: { username: '', password: 'short', role: 'root' },
        status: 400,
        fields: ['username', 'password', 'role'],
      },
      { method: 'PATCH', path: '/api/users/987654/', body: { role: 'viewer' }, status: 404 },
      {
        method: 'PATCH',
        path: '/api/users/1/',
        body: { is_active: 'no' },
        status: 400,
        fields: ['is_active'],
      },
      {
        method: 'POST',
        path: '/api/api-keys/',
        body: { role: 'superuser' },
        status: 400,
        fields: ['name', 'role'],
      },
      // workflows, rule sets, tasks, notifications
      {
        method: 'POST',
        path: `${Q}/workflows/`,
        body: { name: '', trigger_type: 'lunar_phase', action_type: 'teleport' },
        status: 400,
      },
      {
        method: 'PATCH',
        path: `${Q}/workflows/${workflowId}/`,
        body: { trigger_config: { score: 'high' } },
        status: 400,
      },
      {
        method: 'POST',
        path: `${Q}/workflows/${workflowId}/execute/`,
        body: { lead_id: 'first' },
        status: 400,
        fields: ['lead_id'],
      },
      {
        method: 'POST',
        path: `${Q}/workflows/${workflowId}/dry_run/`,
        body: {},
        status: 400,
        fields: ['lead_id'],
      },
      {
        method: 'POST',
        path: `${Q}/rule-sets/apply/`,
        body: { rules: [{ name: 'r', rule_type: 'x', points: 'many' }], workflows: {} },
        status: 400,
        fields: ['rules["r"].rule_type', 'rules["r"].points', 'workflows'],
      },
      {
        method: 'POST',
        path: `${Q}/rule-sets/apply/?dry_run=maybe`,
        body: { rules: [] },
        status: 400,
        fields: ['dry_run'],
      },
      {
        method: 'POST',
        path: `${Q}/scoring-rules/${ruleId}/test_rule/`,
        body: { lead_id: [leadId] },
        status: 400,
        fields: ['lead_id'],
      },
      { method: 'POST', path: '/api/tasks/987654/complete/', body: {}, status: 404 },
      { method: 'POST', path: '/api/notifications/abc/read/', body: {}, status: 400 },
      // bad query parameters
      { method: 'GET', path: '/api/leads/?page=0&page_size=-1', status: 400, fields: ['page', 'page_size'] },
      {
        method: 'GET',
        path: '/api/leads/?score_min=ten&owner_id=x',
        status: 400,
        fields: ['score_min', 'owner_id'],
      },
      { method: 'GET', path: '/api/leads/?ordering=password_hash', status: 400, fields: ['ordering'] },
      {
        method: 'GET',
        path: '/api/tasks/?status=someday&due_before=tomorrow',
        status: 400,
        fields: ['status', 'due_before'],
      },
      { method: 'GET', path: `${Q}/workflows/?is_active=perhaps`, status: 400, fields: ['is_active'] },
      {
        method: 'GET',
        path: `${Q}/workflow-executions/?page_size=0`,
        status: 400,
        fields: ['page_size'],
      },
      { method: 'GET', path: '/api/users/?page=1e400', status: 400, fields: ['page'] },
      { method: 'GET', path: '/api/leads/abc/', status: 400 },
    ];
    expect(cases.length).toBeGreaterThanOrEqual(40);

    const before = await snapshot();
    const wrong: string[] = [];
    for (const bad of cases) {
      const headers =
        bad.path.startsWith('/api/users') || bad.path.startsWith('/api/api-keys') ? admin : editor;
      const response = await fetch(`${base}${bad.path}`, {
        method: bad.method,
        headers,
        body: bad.raw ?? (bad.body === undefined ? undefined : JSON.stringify(bad.body)),
      });
      const text = await response.text();
      const reply = JSON.parse(text) as {
        status_code?: number;
        message?: string;
        errors?: { field: string }[];
      };
      const named = (reply.errors ?? []).map((error) => error.field);
      const problems = [
        response.status !== bad.status && `status ${response.status}, expected ${bad.status}`,
        reply.status_code !== response.status && 'no error body',
        typeof reply.message !== 'string' && 'no message',
        [400, 413].includes(response.status) && named.length === 0 && 'no problem listed',
        ...(bad.fields ?? [])
          .filter((field) => !named.includes(field))
          .map((field) => `"${field}" not listed`),
      ].filter(Boolean);
      if (problems.length > 0)
        wrong.push(`${bad.method} ${bad.path}: ${problems.join('; ')} (${text.slice(0, 300)})`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
