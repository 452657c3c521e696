import { callApi } from '@leadflow/test-harness';
import { seriousA11yViolations, useConsoleTest } from './console-browser';

/**
 * The analytics page against the real API: 20 decided leads whose wins follow a demo request and not the
 * industry; the page shows the lift and the flag, and takes the suggestions into a simulate draft.
 */
describe('console: conversion analytics', () => {
  const call = (method: string, path: string, body?: unknown) => callApi(t.base, method, path, t.admin, body);
  const t = useConsoleTest(async () => {
    for (const rule of [
      {
        name: 'Demo Requested',
        rule_type: 'behavioral',
        field_name: 'demo_requested_count',
        operator: 'greater_than',
        value: '0',
        points: 5,
      },
      {
        name: 'Target Industry',
        rule_type: 'firmographic',
        field_name: 'industry',
        operator: 'equals',
        value: 'SaaS',
        points: 20,
      },
    ]) {
      await call('POST', '/api/lead-qualification/scoring-rules/', rule);
    }
    for (let i = 0; i < 20; i += 1) {
      const demo = i < 10;
      const lead = await call('POST', '/api/leads/', {
        email: `analytics-${i}@example.com`,
        industry: i % 2 === 0 ? 'SaaS' : 'Retail',
      });
      if (demo) await call('POST', `/api/leads/${lead.body.id}/activities/`, { type: 'demo_requested' });
      await call('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: lead.body.id });
      const won = demo ? i % 10 < 8 : i % 10 < 2;
      await call('POST', `/api/leads/${lead.body.id}/outcome/`, { outcome: won ? 'won' : 'lost' });
    }
    expect((await call('POST', '/api/lead-qualification/analytics/model/')).status).toBe(200);
  });

  it('shows lifts, the no-evidence flag and the model card, and takes suggestions into a draft', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByText('20 decided leads (10 won, 10 lost)').waitFor();
    const demo = page.getByRole('row', { name: /Demo Requested/ });
    await expect(demo.textContent()).resolves.toMatch(/80\.0 %.*20\.0 %.*4\.00/);
    const industry = page.getByRole('row', { name: /Target Industry/ });
    await expect(industry.textContent()).resolves.toContain('no evidence');
    await page.getByText('Model card').click();
    await page.getByText('AUC on held-out leads').waitFor();
    await page.getByText(/Stored win model, version 1 .* predictive score off/).waitFor();
    await screenshot('console-analytics');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole('button', { name: 'Use suggestions in a draft' }).click();
    await page.getByRole('heading', { name: 'Simulate and publish' }).waitFor();
    // the demo rule has the larger coefficient, so its suggestion is the largest current points, 20
    await page.waitForFunction(
      'document.querySelector(\'input[aria-label="Points of Demo Requested"]\')?.value === "20"',
    );
    await screenshot('console-analytics-draft');
  });
});
