import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, repoRoot } from '@leadflow/test-harness';
import { connectMongo } from '@leadflow/persistence';
import { editorText, pickLead, useConsoleTest } from './console-browser';

const RULES = '/api/lead-qualification/scoring-rules/';
/** The guide's "Decision Maker" rule (title contains director, 15 points). */
const DECISION_MAKER = JSON.parse(
  readFileSync(join(repoRoot, 'dsl', 'fixtures', 'valid', 'rule-guide-5-decision-maker.json'), 'utf8'),
) as Record<string, unknown>;

/** A rule an older release stored: an operator its field does not take, which the validator now refuses. */
function legacyMisfitRule(id: number) {
  const conditions = {
    all: [
      { field: 'technologies', operator: 'greater_than', value: 3 },
      { field: 'title', operator: 'contains', value: 'director' },
    ],
  };
  const now = new Date();
  return {
    id,
    name: 'Legacy tech stack',
    name_key: 'legacy tech stack',
    rule_type: 'firmographic',
    is_active: true,
    priority: 1,
    points: 5,
    source: { name: 'Legacy tech stack', rule_type: 'firmographic', points: 5, conditions },
    definition: {
      name: 'Legacy tech stack',
      rule_type: 'firmographic',
      points: 5,
      priority: 1,
      is_active: true,
      conditions,
    },
    compiled: {
      name: 'Legacy tech stack',
      priority: 1,
      conditions: {
        all: [
          { fact: 'technologies', operator: 'greater_than', value: 3 },
          { fact: 'title', operator: 'contains', value: 'director' },
        ],
      },
      event: { type: 'score', params: { rule_id: String(id), category: 'firmographic', points: 5 } },
    },
    created_at: now,
    updated_at: now,
  };
}

/** The rule editor never loses or misstates an edit (issue 15, point 4), in Chromium against the real API. */
describe('console: the rule editor keeps edits and shows rules as they are', () => {
  let ruleId: number;
  let leadId: number;
  const call = (method: string, path: string, body?: unknown) => callApi(t.base, method, path, t.admin, body);
  const t = useConsoleTest(async (test) => {
    const rule = await callApi(test.base, 'POST', RULES, test.admin, DECISION_MAKER);
    ruleId = rule.body.id as number;
    const lead = await callApi(test.base, 'POST', '/api/leads/', test.admin, {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@navy.example',
      company: 'Navy Labs',
      title: 'Director of Engineering',
    });
    leadId = lead.body.id as number;
    const db = await connectMongo(test.config);
    await db.collection('scoring_rules').insertOne(legacyMisfitRule(900));
    await db.close();
  });

  const openRule = async (id: number) => {
    await t.page.goto(`${t.base}/admin/lead_qualification/scoring-rules/${id}/`);
    await t.page.getByLabel('Name', { exact: true }).waitFor();
  };

  it('keeps unparsable JSON on the JSON tab, with the error at its line, until it is fixed or discarded', async () => {
    const { page, screenshot } = t.browser;
    await openRule(ruleId);
    await page.getByRole('tab', { name: 'JSON' }).click();
    const dsl = page.getByLabel('Rule DSL (JSON)', { exact: true });
    const broken = '{\n  "name": "Decision Maker",\n  "points": 20\n  "rule_type": "demographic"\n}';
    await dsl.fill(broken);
    await page.getByText('not valid JSON at line 4, column 3').waitFor();

    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByRole('alert').filter({ hasText: 'The JSON does not parse (line 4, column 3)' }).waitFor();
    // still on the JSON tab, with every character typed
    await expect(editorText(dsl)).resolves.toBe(broken);
    await expect(page.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
    await screenshot('console-json-unparsable');

    await page.getByRole('button', { name: 'Discard JSON edits' }).click();
    await expect(page.getByLabel('Points', { exact: true }).inputValue()).resolves.toBe('15');
  });

  it('asks before leaving a rule with unsaved edits, in the console and when the tab closes', async () => {
    const { page, screenshot } = t.browser;
    await openRule(ruleId);
    // what closing or reloading the tab would do: the console's handler cancels the unload to prompt
    const unloadPrevented = () =>
      page.evaluate<boolean>(
        "(() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; })()",
      );
    await expect(unloadPrevented()).resolves.toBe(false);

    await page.getByLabel('Points', { exact: true }).fill('25');
    await expect(unloadPrevented()).resolves.toBe(true);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Scoring Rules', exact: true }).click();
    await expect(page.getByLabel('Points', { exact: true }).inputValue()).resolves.toBe('25');
    expect(asked).toContain('unsaved changes');
    await screenshot('console-unsaved-guard');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await expect(unloadPrevented()).resolves.toBe(false);
    await page.getByRole('link', { name: 'Scoring Rules', exact: true }).click();
    await page.getByRole('link', { name: 'Add Scoring Rule' }).waitFor();
    expect((await call('GET', `${RULES}${ruleId}/`)).body.points).toBe(25);
  });

  it('shows a stored operator its field does not take as it is, with the error, and says all/any/not', async () => {
    const { page, screenshot } = t.browser;
    await openRule(900);
    const operator = page.getByRole('combobox', { name: 'Operator of condition 1', exact: true });
    // a Mantine select shows the option's label in its input
    await expect(operator.inputValue()).resolves.toBe('greater_than (does not fit technologies)');
    // readable, not cut off: the box is wider than its label in its own font, between its paddings (the
    // right one holds the arrow) (a string, as this file is compiled without the DOM's types)
    const room = await page.evaluate<number>(`(() => {
      const input = document.querySelector('input[aria-label="Operator of condition 1"]');
      const context = document.createElement('canvas').getContext('2d');
      const style = getComputedStyle(input);
      context.font = style.fontSize + ' ' + style.fontFamily;
      const text = context.measureText(input.value).width;
      return input.clientWidth - text - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    })()`);
    expect(room).toBeGreaterThan(0);
    await page
      .getByRole('alert')
      .filter({ hasText: /greater_than/ })
      .first()
      .waitFor();
    const combinator = page.getByTitle('all: every condition holds; any: at least one does').first();
    await combinator.click();
    // the open list only (hidden lists are not options to a reader)
    await expect(page.locator('.condition-builder').getByRole('option').allTextContents()).resolves.toEqual([
      'all',
      'any',
    ]);
    await page.keyboard.press('Escape');
    await page.getByText('not', { exact: true }).first().waitFor();
    await screenshot('console-misfit-operator');
    // nothing was converted: the stored rule is as it was
    expect((await call('GET', `${RULES}900/`)).body.conditions.all[0].operator).toBe('greater_than');
  });

  it('tests the draft in the editor on a lead, server-side, and stores nothing', async () => {
    const { page, screenshot } = t.browser;
    await openRule(ruleId);
    const versionsBefore = (await call('GET', `${RULES}versions/`)).body.count as number;
    await page.getByLabel('Value', { exact: true }).fill('engineering');
    await page.getByLabel('Points', { exact: true }).fill('7');
    await pickLead(page, 'Grace', 'Grace');
    await page.getByRole('button', { name: 'Test on lead' }).click();
    const result = page.locator('.test-result');
    await result.getByText('Rule applied').waitFor();
    await expect(result.textContent()).resolves.toContain('7 points awarded to Navy Labs');
    await screenshot('console-test-draft');

    await page.getByLabel('Value', { exact: true }).fill('nobody');
    await page.getByRole('button', { name: 'Test on lead' }).click();
    await result.getByText('Rule not applied').waitFor();
    const stored = (await call('GET', `${RULES}${ruleId}/`)).body;
    expect(stored).toMatchObject({ value: 'director', points: 25 });
    expect((await call('GET', `${RULES}versions/`)).body.count).toBe(versionsBefore);
    // the same compile path as a save: an invalid draft is a 400 listing every problem
    const invalid = await call('POST', `${RULES}test_rule/`, {
      lead_id: leadId,
      rule: { name: 'Bad', rule_type: 'demographic', field_name: 'title', operator: 'nope', points: 500 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'operator',
      'points',
    ]);
    // leave without the prompt for the next test
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Scoring Rules', exact: true }).click();
  });
});
