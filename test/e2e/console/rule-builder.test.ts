import type { Page } from 'playwright-core';
import { callApi } from '@leadflow/test-harness';
import { chooseOption, editorText, pickLead, seriousA11yViolations, useConsoleTest } from './console-browser';

const dslOf = async (page: Page) =>
  JSON.parse(await editorText(page.getByLabel('Rule DSL (JSON)', { exact: true })));
const compiledOf = async (page: Page) =>
  JSON.parse(await editorText(page.getByLabel('Compiled json-rules-engine rule (JSON)', { exact: true })));

/** Polls the page until `read` gives what `check` accepts (the JSON follows edits after the API answers). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The nested condition builder, the JSON round trip and "Test on lead", in a browser against the API. */
describe('console: condition builder, JSON and test on lead', () => {
  let ruleId: number;
  const t = useConsoleTest();

  const expectedConditions = {
    all: [
      { field: 'industry', operator: 'in_list', value: ['SaaS', 'Fintech'] },
      {
        any: [
          { field: 'email_clicks_count', operator: 'greater_than_or_equal', value: 2 },
          { field: 'title', operator: 'contains', value: 'director' },
        ],
      },
    ],
  };

  it('builds a nested rule in the builder and shows it as DSL and compiled JSON', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/add/`);
    await page.getByLabel('Name', { exact: true }).fill('Engaged SaaS decision maker');
    await page.getByLabel('Rule Type', { exact: true }).selectOption('engagement');
    await page.getByLabel('Nested conditions (builder)').check();

    const builder = page.getByRole('group', { name: 'Condition builder' });
    const root = builder.locator('.ruleGroup').first();
    const first = root.locator('.rule').first();
    await chooseOption(first.getByTitle('Field', { exact: true }), /^industry \(/);
    await chooseOption(first.getByTitle('Operator', { exact: true }), 'in_list');
    await first.getByLabel('Value of condition 1').fill('SaaS, Fintech');

    await root.getByRole('button', { name: '+ Group' }).first().click();
    const inner = root.locator('.ruleGroup').first();
    await chooseOption(inner.getByTitle('all: every condition holds; any: at least one does'), 'any');
    await inner.getByRole('button', { name: '+ Condition' }).click();
    await inner.getByRole('button', { name: '+ Condition' }).click();
    const [clicks, title] = [inner.locator('.rule').nth(0), inner.locator('.rule').nth(1)];
    await chooseOption(clicks.getByTitle('Field', { exact: true }), /^email_clicks_count \(/);
    await chooseOption(clicks.getByTitle('Operator', { exact: true }), 'greater_than_or_equal');
    await clicks.getByLabel('Value of condition 2.1').fill('2');
    await chooseOption(title.getByTitle('Field', { exact: true }), /^title \(/);
    await chooseOption(title.getByTitle('Operator', { exact: true }), 'contains');
    await title.getByLabel('Value of condition 2.2').fill('director');
    await page.getByLabel('Points', { exact: true }).fill('20');
    await screenshot('console-builder');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(await dslOf(page)).toEqual({
      name: 'Engaged SaaS decision maker',
      rule_type: 'engagement',
      points: 20,
      priority: 1,
      is_active: true,
      conditions: expectedConditions,
    });
    await eventually(
      () => compiledOf(page),
      (compiled) => {
        expect(compiled).toMatchObject({
          name: 'Engaged SaaS decision maker',
          conditions: {
            all: [
              { fact: 'industry', operator: 'in_list', value: ['SaaS', 'Fintech'] },
              {
                any: [
                  { fact: 'email_clicks_count', operator: 'greater_than_or_equal', value: 2 },
                  { fact: 'title', operator: 'contains', value: 'director' },
                ],
              },
            ],
          },
          event: { type: 'score', params: { category: 'engagement', points: 20 } },
        });
      },
    );
    await screenshot('console-builder-json');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    ruleId = Number(/scoring-rules\/(\d+)\//.exec(page.url())?.[1]);
    const stored = await callApi(t.base, 'GET', `/api/lead-qualification/scoring-rules/${ruleId}/`, t.admin);
    expect(stored.body).toMatchObject({
      name: 'Engaged SaaS decision maker',
      conditions: expectedConditions,
    });
  });

  it("helps in the DSL editor from the DSL's schema: hover docs, errors at their line, completion", async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/${ruleId}/`);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const editor = page.getByLabel('Rule DSL (JSON)', { exact: true });
    const dsl = await dslOf(page);
    await editor.fill(JSON.stringify({ ...dsl, points: 150, counts_toward_grade: true }, null, 2));

    // hover docs come from the schema's descriptions
    await page
      .locator('.cm-line', { hasText: '"counts_toward_grade"' })
      .getByText('counts_toward_grade')
      .hover();
    await page
      .locator('.cm-tooltip-hover')
      .getByText(/profile fit for the grade/)
      .waitFor();

    // the API validator's problem is marked on the line of the field it names (the schema's own too)
    const pointsLine = page.locator('.cm-line', { hasText: '"points": 150' });
    await pointsLine.locator('.cm-lintRange-error').first().waitFor();
    await screenshot('console-json-schema-help');

    // completion offers the schema's property names
    await page.locator('.cm-line', { hasText: '"points": 150' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type('\n"pri');
    await page.locator('.cm-tooltip-autocomplete').getByText('priority').first().waitFor();
    await page.keyboard.press('Escape');
    // back to the rule as stored (the typed text does not parse), so that nothing is left unsaved
    await editor.fill(JSON.stringify(dsl, null, 2));
    await page.getByText('Valid rule.').waitFor();
  });

  it('round-trips edits of either JSON side through the form, the builder and the API', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/${ruleId}/`);
    await page.getByRole('tab', { name: 'JSON' }).click();
    await eventually(
      () => compiledOf(page),
      (compiled) => {
        expect(compiled.conditions?.all?.[0]?.fact).toBe('industry');
      },
    );

    // DSL side: points and a leaf value change; the compiled side follows.
    const dsl = await dslOf(page);
    dsl.points = 25;
    dsl.conditions.all[1].any[0].value = 3;
    await page.getByLabel('Rule DSL (JSON)', { exact: true }).fill(JSON.stringify(dsl, null, 2));
    await eventually(
      () => compiledOf(page),
      (compiled) => {
        expect(compiled.event.params.points).toBe(25);
        expect(compiled.conditions.all[1].any[0].value).toBe(3);
      },
    );

    // Compiled side: a fact value changes; the DSL and then the builder follow.
    const compiled = await compiledOf(page);
    compiled.conditions.all[0].value = ['SaaS', 'Fintech', 'Healthcare'];
    await page
      .getByLabel('Compiled json-rules-engine rule (JSON)', { exact: true })
      .fill(JSON.stringify(compiled, null, 2));
    await eventually(
      () => dslOf(page),
      (document) => {
        expect(document.conditions.all[0].value).toEqual(['SaaS', 'Fintech', 'Healthcare']);
      },
    );
    await screenshot('console-json-round-trip');

    await page.getByRole('tab', { name: 'Form' }).click();
    await expect(page.getByLabel('Value of condition 1').inputValue()).resolves.toBe(
      '["SaaS","Fintech","Healthcare"]',
    );
    await expect(page.getByLabel('Value of condition 2.1').inputValue()).resolves.toBe('3');
    await expect(page.getByLabel('Points', { exact: true }).inputValue()).resolves.toBe('25');

    // An API error about a leaf shows on that leaf of the builder.
    await page.getByLabel('Value of condition 2.1').fill('lots');
    await page
      .locator('.rule', { has: page.getByLabel('Value of condition 2.1') })
      .getByRole('alert')
      .waitFor();
    await page.getByLabel('Value of condition 2.1').fill('3');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const stored = await callApi(t.base, 'GET', `/api/lead-qualification/scoring-rules/${ruleId}/`, t.admin);
    expect(stored.body.points).toBe(25);
    expect(stored.body.conditions.all[0].value).toEqual(['SaaS', 'Fintech', 'Healthcare']);
    expect(stored.body.conditions.all[1].any[0].value).toBe(3);
  });

  it('tests the rule on a lead and explains it leaf by leaf', async () => {
    const { page, screenshot } = t.browser;
    const lead = await callApi(t.base, 'POST', '/api/leads/', t.admin, {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@navy.example',
      company: 'Navy Labs',
      industry: 'SaaS',
      title: 'Director of Engineering',
    });
    expect(lead.status).toBe(201);
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/${ruleId}/`);
    await pickLead(page, 'Grace', 'Grace Hopper');
    await page.getByRole('button', { name: 'Test on lead' }).click();
    const result = page.locator('.test-result');
    await result.getByText('Rule applied').waitFor();
    await expect(result.textContent()).resolves.toContain('25 points awarded to Navy Labs');
    await expect(
      result.locator('.trace').filter({ hasText: 'industry in_list' }).first().textContent(),
    ).resolves.toContain('SaaS');
    await expect(
      result.locator('li.trace-false').filter({ hasText: 'email_clicks_count' }).count(),
    ).resolves.toBe(1);
    await screenshot('console-test-on-lead');
  });

  it('works the builder from the keyboard, with the focused control outlined', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/lead_qualification/scoring-rules/add/`);
    await page.getByLabel('Nested conditions (builder)').focus();
    await page.keyboard.press('Space');
    const builder = page.getByRole('group', { name: 'Condition builder' });
    const root = builder.locator('.ruleGroup').first();
    const focused = () =>
      page.evaluate(() => {
        // runs in the page; the test's TypeScript has no DOM types, hence globalThis
        const { document, getComputedStyle } = globalThis as unknown as {
          document: { activeElement: ({ title?: string; textContent: string | null } & object) | null };
          getComputedStyle: (element: object) => { outlineStyle: string; outlineWidth: string };
        };
        const element = document.activeElement;
        if (!element) return null;
        const style = getComputedStyle(element);
        return {
          title: element.title ?? '',
          text: (element.textContent ?? '').trim(),
          outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
    // from the first condition's field, Tab walks its operator and value, each outlined
    const first = root.locator('.rule').first();
    await first.getByTitle('Field', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ title: 'Operator', outlined: true });
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ outlined: true });
    // a condition is added from the keyboard: focus its button and press Enter
    const before = await root.locator('.rule').count();
    await root.getByRole('button', { name: '+ Condition' }).first().focus();
    await expect(focused()).resolves.toMatchObject({ text: '+ Condition', outlined: true });
    await page.keyboard.press('Enter');
    await expect(root.locator('.rule').count()).resolves.toBe(before + 1);
    await screenshot('console-builder-keyboard');
  });
});
