import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, ensureBuilt, repoRoot, type Reply } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

type Json = Reply['body'];

/** The CLI as users run it, asynchronously: the API under test answers from this same process. */
function leadflow(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'leadflow.js'), ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout });
      },
    );
  });
}

describe('outcomes through each door: API, import (JSON and CSV), CLI; listed and filtered', () => {
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  const call = (method: string, path: string, body?: unknown, headers = editor) =>
    callApi(base, method, path, headers, body);
  const newLead = async (email: string): Promise<number> => {
    const created = await call('POST', '/api/leads/', { email, company: 'Acme' });
    expect(created.status).toBe(201);
    return created.body.id as number;
  };

  beforeAll(async () => {
    ensureBuilt('dist/dsl/src/cli/main.js', ['dsl/src', 'libs/domain/src', 'libs/engine/src']);
    [app, base, editor, viewer] = await startApi(createTestContext().config, 'editor', 'viewer');
  });

  afterAll(async () => {
    await app.close();
  });

  it('records an outcome by POST, shows it on the lead, and keeps every change in the history', async () => {
    const id = await newLead('won@example.com');
    const won = await call('POST', `/api/leads/${id}/outcome/`, {
      outcome: 'won',
      date: '2026-02-20T15:00:00Z',
      amount: 12000,
      reason: 'Signed the annual plan',
    });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({
      lead: id,
      outcome: 'won',
      outcome_at: '2026-02-20T15:00:00.000Z',
      amount: 12000,
      reason: 'Signed the annual plan',
    });
    // the same outcome again records nothing
    await call('POST', `/api/leads/${id}/outcome/`, {
      outcome: 'won',
      date: '2026-02-20T15:00:00Z',
      amount: 12000,
      reason: 'Signed the annual plan',
    });
    const lost = await call('POST', `/api/leads/${id}/outcome/`, {
      outcome: 'lost',
      reason: 'Churned in trial',
    });
    expect(
      lost.body.history.map((change: Json) => [change.previous_outcome, change.outcome, change.source]),
    ).toEqual([
      ['won', 'lost', 'api'],
      [null, 'won', 'api'],
    ]);
    expect(lost.body.history[0].changed_by).toMatch(/^editor/);
    const lead = await call('GET', `/api/leads/${id}/`, undefined, viewer);
    expect(lead.body).toMatchObject({ outcome: 'lost' });
    expect((await call('GET', `/api/leads/${id}/outcome/`, undefined, viewer)).body.history).toHaveLength(2);
  });

  it('refuses a bad outcome listing every problem, a missing lead with 404, and a viewer with 403', async () => {
    const id = await newLead('bad@example.com');
    const refused = await call('POST', `/api/leads/${id}/outcome/`, {
      outcome: 'maybe',
      date: '2999-01-01T00:00:00Z',
      amount: -5,
      extra: 1,
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as Json[]).map((error) => error.field).sort()).toEqual([
      'amount',
      'date',
      'extra',
      'outcome',
    ]);
    expect((await call('POST', '/api/leads/999999/outcome/', { outcome: 'won' })).status).toBe(404);
    expect((await call('POST', `/api/leads/${id}/outcome/`, { outcome: 'won' }, viewer)).status).toBe(403);
    expect((await call('GET', `/api/leads/${id}/outcome/`, undefined, viewer)).body.history).toEqual([]);
  });

  it('imports outcomes from JSON and CSV columns, refusing a bad one on its row', async () => {
    const json = await call('POST', '/api/leads/import/', [
      {
        email: 'import-won@example.com',
        outcome: 'won',
        outcome_date: '2026-01-10T00:00:00Z',
        outcome_amount: 500,
      },
      { email: 'import-open@example.com' },
      { email: 'import-bad@example.com', outcome: 'tie', outcome_date: 'yesterday' },
    ]);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ created: 2, failed: 1, outcomes: 1 });
    expect((json.body.errors[0].errors as Json[]).map((error) => error.field).sort()).toEqual([
      'outcome',
      'outcome_date',
    ]);
    const [wonId] = json.body.ids as number[];
    const history = (await call('GET', `/api/leads/${wonId}/outcome/`, undefined, viewer)).body;
    expect(history).toMatchObject({
      outcome: 'won',
      amount: 500,
      history: [{ source: 'import', outcome: 'won' }],
    });

    const response = await fetch(`${base}/api/leads/import`, {
      method: 'POST',
      headers: { ...editor, 'content-type': 'text/csv' },
      body:
        'email,company,outcome,outcome_date,outcome_amount,outcome_reason\n' +
        'csv-lost@example.com,Acme,lost,2026-01-12T00:00:00Z,,Went with a competitor\n',
    });
    const csv = { body: (await response.json()) as Json };
    expect(csv.body).toMatchObject({ created: 1, outcomes: 1 });
    const lostLead = (await call('GET', `/api/leads/${csv.body.ids[0]}/`, undefined, viewer)).body;
    expect(lostLead).toMatchObject({ outcome: 'lost', outcome_at: '2026-01-12T00:00:00.000Z' });
  });

  it('records an outcome from the CLI, marked as such', async () => {
    const id = await newLead('cli@example.com');
    const env = { LEADFLOW_TOKEN: editor.authorization!.replace(/^Bearer /, ''), LEADFLOW_API_URL: base };
    const run = await leadflow(['outcome', String(id), 'won', '--amount', '900', '--format', 'json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, lead: id, outcome: 'won', amount: 900 });
    const history = (await call('GET', `/api/leads/${id}/outcome/`, undefined, viewer)).body
      .history as Json[];
    expect(history[0]).toMatchObject({ source: 'cli', outcome: 'won' });
    expect((await leadflow(['outcome', String(id), 'maybe'], env)).code).toBe(2);
  });

  it('lists leads by outcome: won, lost, open', async () => {
    const emails = async (outcome: string) =>
      (
        (await call('GET', `/api/leads/?outcome=${outcome}&page_size=100`, undefined, viewer)).body
          .results as Json[]
      )
        .map((lead) => lead.email as string)
        .sort();
    expect(await emails('won')).toEqual(['cli@example.com', 'import-won@example.com']);
    expect(await emails('lost')).toEqual(['csv-lost@example.com', 'won@example.com']);
    expect(await emails('open')).toEqual(['bad@example.com', 'import-open@example.com']);
    expect((await call('GET', '/api/leads/?outcome=maybe', undefined, viewer)).status).toBe(400);
  });
});
