import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, repoRoot, type Reply } from '@leadflow/test-harness';
import { useEditorViewerApi } from '../harness/api';

const API = '/api/lead-qualification';
type Json = Reply['body'];

const DEMO_RULE = {
  name: 'Demo Requested',
  rule_type: 'behavioral',
  field_name: 'demo_requested_count',
  operator: 'greater_than',
  value: '0',
  points: 10,
};
const SAAS_RULE = {
  name: 'Target Industry',
  rule_type: 'firmographic',
  field_name: 'industry',
  operator: 'equals',
  value: 'SaaS',
  points: 20,
};

/**
 * 40 decided leads whose wins depend on a demo request and not on the industry: 20 requested a demo (15
 * won), 20 did not (4 won); each half is half SaaS, with its wins spread evenly over the two industries.
 */
const LEADS = Array.from({ length: 40 }, (_, i) => {
  const demo = i < 20;
  const withinHalf = i % 20;
  const won = demo ? withinHalf < 15 : withinHalf < 4;
  return { demo, saas: i % 2 === 0, won };
});

describe('conversion analytics through the API: figures, draft rules, suggestions -> simulate -> apply', () => {
  beforeAll(() => {
    ensureBuilt('dist/dsl/src/cli/main.js', ['dsl/src', 'libs/domain/src', 'libs/engine/src']);
  });
  const api = useEditorViewerApi(async ({ call }) => {
    for (const rule of [DEMO_RULE, SAAS_RULE]) {
      expect((await call('POST', `${API}/scoring-rules/`, rule)).status).toBe(201);
    }
    for (const [i, lead] of LEADS.entries()) {
      const created = await call('POST', '/api/leads/', {
        email: `lead-${i}@example.com`,
        industry: lead.saas ? 'SaaS' : 'Retail',
      });
      const id = created.body.id as number;
      if (lead.demo) {
        await call('POST', `/api/leads/${id}/activities/`, { type: 'demo_requested' });
      }
      await call('POST', `${API}/lead-scores/calculate/`, { lead_id: id });
      expect(
        (await call('POST', `/api/leads/${id}/outcome/`, { outcome: lead.won ? 'won' : 'lost' })).status,
      ).toBe(200);
      // after the outcome: a demo request that came later must not count, nor the score it brings
      if (!lead.demo && i % 5 === 0) {
        await call('POST', `/api/leads/${id}/activities/`, { type: 'demo_requested' });
        await call('POST', `${API}/lead-scores/calculate/`, { lead_id: id });
      }
    }
  }, 120_000);
  const { call } = api;

  it("reads each lead at its outcome date: the demo rule's lift is real, the industry's is not", async () => {
    const report = await call('GET', `${API}/analytics/`, undefined, api.viewer);
    expect(report.status).toBe(200);
    expect(report.body.sample).toEqual({ decided: 40, won: 19, lost: 21, scored_at_outcome: 40 });
    const byName = (name: string) => (report.body.rules as Json[]).find((rule) => rule.name === name);
    const demo = byName('Demo Requested');
    expect(demo).toMatchObject({ matched: 20, current_points: 10, no_evidence: false });
    expect(demo.win_rate_matched).toMatchObject({ wins: 15, total: 20, rate: 0.75 });
    expect(demo.win_rate_unmatched).toMatchObject({ wins: 4, total: 20, rate: 0.2 });
    expect(demo.lift.ratio).toBeCloseTo(3.75, 10);
    expect(demo.lift.low).toBeGreaterThan(1);
    const saas = byName('Target Industry');
    expect(saas).toMatchObject({ matched: 20, no_evidence: true });
    // the demo rule has the larger coefficient, so it is scaled to the largest current points (20)
    expect(demo.suggested_points).toBe(20);
    expect(Math.abs(saas.suggested_points as number)).toBeLessThan(demo.suggested_points as number);
    expect(report.body.model).toMatchObject({ sample_size: 40, held_out_size: 8, converged: true });
    // scores at the outcome dates: 10 points with a demo (+20 for SaaS), never the later demo's
    const buckets = report.body.quality.by_score as Json[];
    expect(buckets.find((row) => row.label === '0-19').total).toBe(20);
    expect(report.body.quality.auc).toBeGreaterThan(0.5);
  });

  it('gives the same figures for the same data', async () => {
    const [first, second] = await Promise.all([
      call('GET', `${API}/analytics/`, undefined, api.viewer),
      call('GET', `${API}/analytics/`, undefined, api.viewer),
    ]);
    const { model: modelA, ...restA } = first.body;
    const { model: modelB, ...restB } = second.body;
    expect(restA).toEqual(restB);
    expect({ ...modelA, fitted_at: null }).toEqual({ ...modelB, fitted_at: null });
  });

  it('analyses draft rules against the live leads, and refuses a bad bundle listing every problem', async () => {
    const draft = await call('POST', `${API}/analytics/`, {
      kind: 'bundle',
      rules: [{ ...DEMO_RULE, name: 'Demo (draft)', points: 30 }],
    });
    expect(draft.status).toBe(200);
    expect(draft.body.rules_analysed).toBe('draft');
    expect(draft.body.rules).toHaveLength(1);
    expect(draft.body.rules[0]).toMatchObject({ name: 'Demo (draft)', matched: 20, suggested_points: 30 });
    const bad = await call('POST', `${API}/analytics/`, { rules: [{ name: 'x', points: 500 }] });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).length).toBeGreaterThan(1);
  });

  it('leadflow analyze prints the same figures for a rule set kept in files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadflow-analyze-'));
    writeFileSync(join(dir, 'demo.json'), JSON.stringify({ ...DEMO_RULE, name: 'Demo (file)' }));
    const env = {
      PATH: process.env.PATH ?? '',
      LEADFLOW_TOKEN: api.editor.authorization!.replace(/^Bearer /, ''),
      LEADFLOW_API_URL: api.base,
    };
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(repoRoot, 'bin', 'leadflow.js'), ...args],
          { env },
          (error, stdout) => {
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
          },
        );
      });
    const json = await run(['analyze', dir, '--format', 'json']);
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.stdout);
    expect(printed.rules[0]).toMatchObject({ name: 'Demo (file)', matched: 20, no_evidence: false });
    const text = await run(['analyze', dir]);
    expect(text.stdout).toContain('40 decided leads (19 won, 21 lost)');
    expect(text.stdout).toMatch(
      /Demo \(file\): 10 -> suggested 10; matched 20, win rate 75\.0% vs 20\.0%, lift 3\.75/,
    );
  });

  it('turns accepted suggestions into a draft that simulates and then publishes', async () => {
    const draft = await call('GET', `${API}/analytics/draft/`, undefined, api.viewer);
    expect(draft.status).toBe(200);
    expect(draft.body.accepted).toContainEqual({ name: 'Demo Requested', from: 10, to: 20 });
    const simulated = await call('POST', `${API}/lead-scores/simulate/`, {
      rules: draft.body.rules,
      sample_size: 40,
    });
    expect(simulated.status).toBe(200);
    expect((simulated.body.leads as Json[]).some((lead) => lead.score_change !== 0)).toBe(true);
    const { accepted: _accepted, ...bundle } = draft.body;
    const applied = await call('POST', `${API}/rule-sets/apply/`, bundle);
    expect(applied.status).toBe(200);
    expect(applied.body.rule_set_version).not.toBeNull();
    const after = await call('GET', `${API}/analytics/`, undefined, api.viewer);
    const demo = (after.body.rules as Json[]).find((rule) => rule.name === 'Demo Requested');
    expect(demo.current_points).toBe(20);
    expect((await call('GET', `${API}/analytics/draft/?accept=abc`, undefined, api.viewer)).status).toBe(400);
  });
});
