import { callApi } from '@leadflow/test-harness';
import { useConsoleTest } from './console-browser';

/** Whether a rule counts toward the grade is edited in the rule form, where the rule is. */
describe('console: counts_toward_grade in the rule form', () => {
  const t = useConsoleTest();
  const stored = async () =>
    (await callApi(t.base, 'GET', '/api/lead-qualification/scoring-rules/?search=Demo%20requested', t.admin))
      .body.results[0];

  it("follows the rule type until the user says, saves the user's choice, and shows it again", async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/add/`);
    const counts = page.getByLabel('Counts toward the grade (profile fit)');
    await page.getByLabel('Rule Type', { exact: true }).selectOption('firmographic');
    await expect(counts.isChecked()).resolves.toBe(true);
    await page.getByLabel('Rule Type', { exact: true }).selectOption('behavioral');
    await expect(counts.isChecked()).resolves.toBe(false);

    await page.getByLabel('Name', { exact: true }).fill('Demo requested');
    await page.getByLabel('Field Name', { exact: true }).fill('demo_requested_count');
    await page.getByLabel('Operator', { exact: true }).selectOption('greater_than');
    await page.getByLabel('Value', { exact: true }).fill('0');
    await page.getByLabel('Points', { exact: true }).fill('20');
    await counts.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await stored()).toMatchObject({ rule_type: 'behavioral', counts_toward_grade: true });
    await screenshot('console-rule-counts-toward-grade');

    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/${(await stored()).id}/`);
    await expect(counts.isChecked()).resolves.toBe(true);
    await counts.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await stored()).toMatchObject({ counts_toward_grade: false });
  });
});
