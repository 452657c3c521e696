import { callApi } from '@leadflow/test-harness';
import { seriousA11yViolations, useConsoleTest } from './console-browser';

/** Draft, simulate, publish, then roll back, through the console against the real API. */
describe('console: simulate, publish and roll back', () => {
  let versionBefore: number;
  const call = (method: string, path: string, body?: unknown) => callApi(t.base, method, path, t.admin, body);
  const targetIndustry = async () =>
    (await call('GET', '/api/lead-qualification/scoring-rules/?search=Target')).body.results[0];
  const t = useConsoleTest(async () => {
    await call('POST', '/api/lead-qualification/qualification-criteria/', {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 30,
      required_fields: ['email'],
      required_actions: [],
      is_active: true,
    });
    await call('POST', '/api/lead-qualification/scoring-rules/', {
      name: 'Target Industry',
      rule_type: 'firmographic',
      field_name: 'industry',
      operator: 'in_list',
      value: '["SaaS", "Enterprise Software"]',
      points: 20,
    });
    const lead = await call('POST', '/api/leads/', {
      first_name: 'Linus',
      last_name: 'Pauling',
      email: 'linus@chem.example',
      industry: 'SaaS',
    });
    const scored = await call('POST', '/api/lead-qualification/lead-scores/calculate/', {
      lead_id: lead.body.id,
    });
    expect(scored.body).toMatchObject({ score: 20, qualification_stage: 'unqualified' });
    versionBefore = (await call('GET', '/api/lead-qualification/scoring-rules/versions/')).body.results[0]
      .version;
  });

  it('simulates a draft, shows the distribution before and after and the stage changes, then publishes it', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Simulate and publish' }).click();
    await page.getByLabel('Points of Target Industry').fill('40');
    await expect(page.getByLabel('Points of Target Industry').inputValue()).resolves.toBe('40');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByRole('img', { name: 'Score distribution before and after' }).waitFor();
    const changes = page.locator('table', { has: page.getByText('1 leads would change stage') });
    await changes.getByRole('row', { name: /Linus Pauling 20 → 40 unqualified → mql/ }).waitFor();
    expect((await targetIndustry()).points).toBe(20);
    await screenshot('console-simulate');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published rule-set version' }).waitFor();
    // the publish started a rescoring of every lead, followed on the page (no worker runs it here)
    await page
      .getByRole('status')
      .filter({ hasText: /Rescoring every lead \(job publish-rescoring-\d+\)/ })
      .waitFor();
    expect((await targetIndustry()).points).toBe(40);
    const latest = (await call('GET', '/api/lead-qualification/scoring-rules/versions/')).body.results[0];
    expect(latest.version).toBe(versionBefore + 1);
    await screenshot('console-published');
  });

  it('shows the diff field by field, and rolls back after a preview and a confirmation, never on the current version', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Versions' }).click();
    await page.getByLabel('Compare version').selectOption(String(versionBefore));
    await page.getByLabel('with version').selectOption(String(versionBefore + 1));
    await page.getByRole('button', { name: 'Show differences' }).click();
    // one changed value is one line, old → new, not the two whole documents
    await page.getByText('Target Industry: points: 20 → 40', { exact: true }).waitFor();
    await expect(page.getByText('"rule_type"').count()).resolves.toBe(0);
    await screenshot('console-version-diff');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // the current version offers no rollback
    await expect(
      page.getByRole('button', { name: `Roll back to version ${versionBefore + 1}…` }).count(),
    ).resolves.toBe(0);

    await page.getByRole('button', { name: `Roll back to version ${versionBefore}…`, exact: true }).click();
    const preview = page.getByRole('dialog');
    await preview.getByText('Target Industry: points: 40 → 20', { exact: true }).waitFor();
    await screenshot('console-rollback-preview');
    expect((await targetIndustry()).points).toBe(40);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    expect((await targetIndustry()).points).toBe(40);

    await page.getByRole('button', { name: `Roll back to version ${versionBefore}…`, exact: true }).click();
    await page.getByRole('button', { name: `Confirm rollback to version ${versionBefore}` }).click();
    await page.getByRole('status').filter({ hasText: 'Rolled back' }).waitFor();
    expect((await targetIndustry()).points).toBe(20);
    await screenshot('console-rolled-back');
  });

  it("shows each lead's grade beside its score, now and with the draft, and counts the grade changes", async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Simulate and publish' }).click();
    const counts = page.getByLabel('Target Industry counts toward the grade');
    // a firmographic rule counts toward the grade by default
    await expect(counts.isChecked()).resolves.toBe(true);
    await counts.uncheck();
    await page.getByRole('button', { name: 'Simulate' }).click();
    // without a fit rule the draft grades no one: the lead's A becomes no grade, its stage stays
    const changes = page.locator('table', {
      has: page.getByText('0 leads would change stage, 1 would change grade'),
    });
    await changes
      .getByRole('row', { name: /Linus Pauling 20 → 20 unqualified → unqualified A → –/ })
      .waitFor();
    await screenshot('console-simulate-grades');
    expect((await targetIndustry()).counts_toward_grade).toBe(true);
  });
});
