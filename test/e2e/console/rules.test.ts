import { callApi } from '@leadflow/test-harness';
import { logIn, seriousA11yViolations, useConsoleTest } from './console-browser';

/** The guide's admin steps, in a real browser against the real API: log in, add a scoring rule, see it. */
describe('console: scoring rules', () => {
  const t = useConsoleTest();

  it('serves the console at /admin with deep links, and leaves /admin/queues to Bull Board', async () => {
    const deep = await fetch(`${t.base}/admin/lead_qualification/scoring-rules/12/`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
    const bare = await fetch(`${t.base}/admin`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/admin/');
    expect((await fetch(`${t.base}/admin/assets/missing-file.js`)).status).toBe(404);
    const queues = await fetch(`${t.base}/admin/queues/definitely-not-the-console`);
    expect(await queues.text()).not.toContain('<div id="root"></div>');
  });

  it('logs in and lands on the scoring rules from /admin/lead_qualification/', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('Username', { exact: true }).waitFor();
    const afterLogout = await page.context().cookies(t.base);
    expect(afterLogout.find((cookie) => cookie.name === 'leadflow_token')).toBeUndefined();
    await logIn(page, t.base);
    await page.goto(`${t.base}/admin/lead_qualification/`);
    await page.getByRole('heading', { name: 'Scoring Rules' }).waitFor();
    await page.getByRole('link', { name: 'Add Scoring Rule' }).waitFor();
    const cookies = await page.context().cookies(t.base);
    expect(cookies.find((cookie) => cookie.name === 'leadflow_token')?.value).toMatch(/^ey/);
    await screenshot('console-login');
  });

  it('creates the guide\'s "Enterprise company size" rule through the form', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/`);
    await page.getByRole('link', { name: 'Add Scoring Rule' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Enterprise company size');
    await page.getByLabel('Rule Type', { exact: true }).selectOption('firmographic');
    await page.getByLabel('Field Name', { exact: true }).fill('company_size');
    await page.getByLabel('Operator', { exact: true }).selectOption('in_list');
    await page.getByLabel('Value', { exact: true }).fill('["Large", "Enterprise"]');
    await page.getByLabel('Points', { exact: true }).fill('15');
    await page.getByLabel('Priority', { exact: true }).fill('10');
    await expect(page.getByLabel('Is Active', { exact: true }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await screenshot('console-rule-created');

    const rules = await callApi(
      t.base,
      'GET',
      '/api/lead-qualification/scoring-rules/?search=Enterprise',
      t.admin,
    );
    expect(rules.body.results).toEqual([
      expect.objectContaining({
        name: 'Enterprise company size',
        rule_type: 'firmographic',
        field_name: 'company_size',
        operator: 'in_list',
        value: '["Large", "Enterprise"]',
        points: 15,
        priority: 10,
        is_active: true,
      }),
    ]);
    expect(rules.body.results[0].compiled.conditions).toEqual({
      all: [{ fact: 'company_size', operator: 'in_list', value: ['Large', 'Enterprise'] }],
    });

    await page.getByRole('link', { name: 'Scoring Rules' }).click();
    await page.getByRole('link', { name: 'Enterprise company size' }).waitFor();
  });

  it('lists the rules sorted, filtered and paged by the API', async () => {
    const { page, screenshot } = t.browser;
    for (const [name, points, rule_type] of [
      ['Few points', 5, 'behavioral'],
      ['Many points', 40, 'behavioral'],
    ] as const) {
      const created = await callApi(t.base, 'POST', '/api/lead-qualification/scoring-rules/', t.admin, {
        name,
        rule_type,
        field_name: 'website_visit_count',
        operator: 'greater_than',
        value: '1',
        points,
      });
      expect(created.status).toBe(201);
    }
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/`);
    const table = page.getByRole('table');
    const firstRow = () => table.locator('tbody tr').first();
    // the header asks the API for the order: highest points first, then lowest
    await table.getByRole('button', { name: /Points/ }).click();
    await expect(table.getByRole('columnheader', { name: /Points/ }).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    await firstRow().getByRole('link', { name: 'Many points' }).waitFor();
    await table.getByRole('button', { name: /Points/ }).click();
    await firstRow().getByRole('link', { name: 'Few points' }).waitFor();
    // a filter is the API's too
    await page.getByRole('combobox', { name: 'Rule type' }).click();
    await page.getByRole('option', { name: 'behavioral' }).click();
    await page.getByText('2 scoring rules').waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(2);
    await screenshot('console-rules-sorted');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it("shows the API's errors at the fields they name and saves nothing", async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/add/`);
    await page.getByLabel('Name', { exact: true }).fill('Broken rule');
    await page.getByLabel('Field Name', { exact: true }).fill('company_sise');
    await page.getByLabel('Operator', { exact: true }).selectOption('in_list');
    await page.getByLabel('Value', { exact: true }).fill('["Large"');
    await page.getByLabel('Points', { exact: true }).fill('150');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Not saved').waitFor();
    const fieldName = page.getByLabel('Field Name', { exact: true });
    await expect(fieldName.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(
      page.locator('.mantine-InputWrapper-root', { has: fieldName }).textContent(),
    ).resolves.toContain('unknown fact');
    await expect(
      page
        .locator('.mantine-InputWrapper-root', { has: page.getByLabel('Value', { exact: true }) })
        .textContent(),
    ).resolves.toContain('JSON');
    await expect(page.getByLabel('Points', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await screenshot('console-rule-errors');
    const rules = await callApi(
      t.base,
      'GET',
      '/api/lead-qualification/scoring-rules/?search=Broken',
      t.admin,
    );
    expect(rules.body.count).toBe(0);
  });
});
