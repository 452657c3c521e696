import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, type Reply } from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { PredictiveScoreService } from '@leadflow/scoring';

const API = '/api/lead-qualification';
type Json = Reply['body'];

/**
 * The predictive score on (PREDICTIVE_SCORE=true): a fit stores a model version and a probability on every
 * open lead, which rules read as the fact predicted_win_probability; the nightly refresh fits again.
 * 20 decided leads win with a demo request (8 of 10) far more than without (2 of 10).
 */
describe('predictive score: fit, model card, predictions on open leads, usable as a fact', () => {
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let withDemo: number;
  let withoutDemo: number;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  async function lead(i: number, demo: boolean): Promise<number> {
    const created = await call('POST', '/api/leads/', { email: `predict-${i}@example.com` });
    const id = created.body.id as number;
    if (demo) await call('POST', `/api/leads/${id}/activities/`, { type: 'demo_requested' });
    return id;
  }

  beforeAll(async () => {
    [app, base, editor] = await startApi(createTestContext({ PREDICTIVE_SCORE: 'true' }).config, 'editor');
    await call('POST', `${API}/scoring-rules/`, {
      name: 'Demo Requested',
      rule_type: 'behavioral',
      field_name: 'demo_requested_count',
      operator: 'greater_than',
      value: '0',
      points: 10,
    });
    for (let i = 0; i < 20; i += 1) {
      const demo = i < 10;
      const id = await lead(i, demo);
      const won = demo ? i % 10 < 8 : i % 10 < 2;
      await call('POST', `/api/leads/${id}/outcome/`, { outcome: won ? 'won' : 'lost' });
    }
    withDemo = await lead(100, true);
    withoutDemo = await lead(101, false);
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  it('has no model card before the first fit, and no prediction on leads', async () => {
    expect((await call('GET', `${API}/analytics/model/`)).status).toBe(404);
    expect((await call('GET', `/api/leads/${withDemo}/`)).body.predicted_win_probability).toBeNull();
  });

  it('fits a model version and writes a probability on every open lead, and only on those', async () => {
    const fitted = await call('POST', `${API}/analytics/model/`);
    expect(fitted.status).toBe(200);
    expect(fitted.body).toMatchObject({
      version: 1,
      sample_size: 20,
      held_out_size: 4,
      predicted: 2,
      predictive_score_enabled: true,
      features: [{ name: 'Demo Requested', coefficient: expect.any(Number) }],
    });
    const card = await call('GET', `${API}/analytics/model/`);
    expect(card.body).toEqual({ ...fitted.body, predicted: undefined, fitted_at: card.body.fitted_at });
    const hot = (await call('GET', `/api/leads/${withDemo}/`)).body;
    const cold = (await call('GET', `/api/leads/${withoutDemo}/`)).body;
    expect(hot).toMatchObject({ prediction_model_version: 1 });
    expect(hot.predicted_win_probability).toBeGreaterThan(0.5);
    expect(cold.predicted_win_probability).toBeLessThan(0.5);
    const decided = (await call('GET', '/api/leads/?outcome=won&page_size=1')).body.results[0];
    expect(decided.predicted_win_probability).toBeNull();
  });

  it('lets a rule read predicted_win_probability as a fact', async () => {
    const rule = await call('POST', `${API}/scoring-rules/`, {
      name: 'Likely to win',
      rule_type: 'engagement',
      field_name: 'predicted_win_probability',
      operator: 'greater_than',
      value: '0.5',
      points: 25,
    });
    expect(rule.status).toBe(201);
    const scored = async (id: number) =>
      (
        (await call('POST', `${API}/lead-scores/calculate/`, { lead_id: id })).body.matched_rules as Json[]
      ).map((matched) => matched.name);
    expect(await scored(withDemo)).toContain('Likely to win');
    expect(await scored(withoutDemo)).not.toContain('Likely to win');
  });

  it('refits in the nightly refresh as a new version, with the rule set it now has', async () => {
    const nightly = await app.get(PredictiveScoreService).nightly();
    expect(nightly).toEqual({ model_version: 2, predicted: 2 });
    const card = (await call('GET', `${API}/analytics/model/`)).body;
    expect(card.version).toBe(2);
    expect((card.features as Json[]).map((feature) => feature.name)).toEqual([
      'Demo Requested',
      'Likely to win',
    ]);
  });
});
