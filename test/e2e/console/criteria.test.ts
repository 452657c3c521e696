import { callApi } from '@leadflow/test-harness';
import { seriousA11yViolations, useConsoleTest } from './console-browser';

/** The qualification criteria editor: the guide's MQL criterion entered through the form, then changed. */
describe('console: qualification criteria', () => {
  const t = useConsoleTest();

  it("creates the guide's MQL criterion, shows a bad value at its field, and edits it", async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Qualification Criteria' }).click();
    await page.getByLabel('Name of New criterion').fill('Marketing Qualified Lead');
    await page.getByRole('combobox', { name: 'Stage of New criterion' }).fill('mql');
    await page.getByLabel('Minimum score of New criterion').fill('400');
    await page.getByLabel('Required fields of New criterion').fill('email, company, phone');
    await page.getByLabel('Required actions of New criterion').fill('email_opened, form_submitted');
    await page.getByLabel('Time limit in days of New criterion').fill('90');
    await page.getByRole('button', { name: 'Save new criterion' }).click();
    await page.getByText('Not saved').waitFor();
    await expect(
      page.getByLabel('Minimum score of New criterion').getAttribute('aria-invalid'),
    ).resolves.toBe('true');

    await page.getByLabel('Minimum score of New criterion').fill('40');
    await page.getByRole('button', { name: 'Save new criterion' }).click();
    await page.getByLabel('Minimum score of Marketing Qualified Lead (mql)').waitFor();
    const stored = (await callApi(t.base, 'GET', '/api/lead-qualification/qualification-criteria/', t.admin))
      .body.results;
    expect(stored).toEqual([
      expect.objectContaining({
        name: 'Marketing Qualified Lead',
        stage: 'mql',
        minimum_score: 40,
        required_fields: ['email', 'company', 'phone'],
        required_actions: ['email_opened', 'form_submitted'],
        time_constraint_days: 90,
        is_active: true,
      }),
    ]);

    await page.getByLabel('Minimum score of Marketing Qualified Lead (mql)').fill('45');
    await page.getByRole('button', { name: 'Save Marketing Qualified Lead' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const changed = (await callApi(t.base, 'GET', '/api/lead-qualification/qualification-criteria/', t.admin))
      .body;
    expect(changed.results[0].minimum_score).toBe(45);
    await screenshot('console-criteria');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('refuses a name in use (any case) at its field, naming the criterion, and takes a declared custom stage', async () => {
    const { page, screenshot } = t.browser;
    const [existing] = (
      await callApi(t.base, 'GET', '/api/lead-qualification/qualification-criteria/', t.admin)
    ).body.results as { id: number }[];
    await page.getByLabel('Name of New criterion').fill('marketing qualified lead ');
    await page.getByRole('combobox', { name: 'Stage of New criterion' }).fill('sql');
    await page.getByRole('button', { name: 'Save new criterion' }).click();
    await page
      .getByText(
        `"marketing qualified lead " is already used by criterion ${existing?.id} "Marketing Qualified Lead"`,
      )
      .waitFor();
    await screenshot('console-criteria-duplicate-name');

    await page.getByLabel('Name of New criterion').fill('Nurture');
    await page.getByRole('combobox', { name: 'Stage of New criterion' }).fill('nurture');
    await page.getByRole('button', { name: 'Save new criterion' }).click();
    await page.getByText('"nurture" is not a known stage (mql, sql, hot)', { exact: false }).waitFor();
    await page.getByLabel('New criterion: a stage of our own (not mql, sql, hot)').check();
    await page.getByRole('button', { name: 'Save new criterion' }).click();
    await page.getByLabel('Minimum score of Nurture (nurture)').waitFor();
    const stored = (await callApi(t.base, 'GET', '/api/lead-qualification/qualification-criteria/', t.admin))
      .body.results as { name: string; custom_stage?: boolean }[];
    expect(stored.find((criterion) => criterion.name === 'Nurture')).toMatchObject({ custom_stage: true });
  });
});
