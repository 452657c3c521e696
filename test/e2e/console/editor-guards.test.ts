import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { callApi } from '@leadflow/test-harness';
import { startInProcessWorker } from '../../harness/in-process-worker';
import { useConsoleTest } from './console-browser';

const API = '/api/lead-qualification';

/**
 * Every editor (rule, criterion, workflow) asks before the browser's back button leaves unsaved edits, and
 * keeps them when the person stays; a save shows the rescoring it started (issue 15, points 1 and 4).
 */
describe('console: the unsaved-changes guard on back/forward, and the rescoring a save starts', () => {
  let worker: INestApplicationContext | undefined;
  let ruleId: number;
  let workflowId: number;
  let leadId: number;
  const call = (method: string, path: string, body?: unknown) => callApi(t.base, method, path, t.admin, body);
  const t = useConsoleTest(async (test) => {
    worker = await startInProcessWorker(test.config);
    const api = (method: string, path: string, body?: unknown) =>
      callApi(test.base, method, path, test.admin, body);
    ruleId = (
      await api('POST', `${API}/scoring-rules/`, {
        name: 'Decision Maker',
        rule_type: 'demographic',
        field_name: 'title',
        operator: 'contains',
        value: 'director',
        points: 15,
      })
    ).body.id as number;
    await api('POST', `${API}/qualification-criteria/`, {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 40,
      required_fields: ['email'],
      required_actions: [],
      time_constraint_days: 90,
      is_active: true,
    });
    workflowId = (
      await api('POST', `${API}/workflows/`, {
        name: 'Notify on hot lead',
        trigger_type: 'score_threshold',
        trigger_config: { score: 80 },
        action_type: 'send_notification',
        action_config: { message: 'Hot lead' },
        is_active: true,
      })
    ).body.id as number;
    leadId = (
      await api('POST', '/api/leads/', {
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@navy.example',
        company: 'Navy Labs',
        title: 'Director of Engineering',
      })
    ).body.id as number;
  });

  afterAll(async () => {
    await worker?.close();
  });

  /** Presses the browser's back (or forward) button and answers the confirmation; returns what it asked. */
  const back = async (
    page: Page,
    answer: 'dismiss' | 'accept',
    direction: 'back' | 'forward' = 'back',
  ): Promise<string> => {
    const stayedOn = page.url();
    let asked = '';
    const answered = new Promise<void>((resolve) => {
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void (answer === 'accept' ? dialog.accept() : dialog.dismiss()).then(resolve);
      });
    });
    await (direction === 'back'
      ? page.goBack({ waitUntil: 'commit' })
      : page.goForward({ waitUntil: 'commit' }));
    let timer: NodeJS.Timeout | undefined;
    const unasked = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error('back left the editor without asking'));
      }, 10_000);
    });
    await Promise.race([answered, unasked]).finally(() => {
      clearTimeout(timer);
    });
    // a refusal returns to the editor's entry with history.go, which completes after the dialog closes
    if (answer === 'dismiss') await page.waitForURL(stayedOn, { waitUntil: 'commit', timeout: 10_000 });
    return asked;
  };

  /** Opens `from` then `to` through console links, so that the browser has an entry to go back to. */
  const openThrough = async (page: Page, link: string, name: RegExp | string) => {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: link, exact: true })
      .click();
    await page.getByRole('link', { name }).first().click();
  };

  it('rule editor: back asks, cancel keeps the edit; a save shows its rescoring to the end', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/`);
    await openThrough(page, 'Scoring Rules', 'Decision Maker');
    const points = page.getByLabel('Points', { exact: true });
    await points.fill('30');

    expect(await back(page, 'dismiss')).toContain('unsaved changes');
    await expect(points.inputValue()).resolves.toBe('30');
    expect(page.url()).toContain(`/scoring-rules/${ruleId}/`);
    await screenshot('console-unsaved-guard-back');

    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Rescored every lead \(job publish-rescoring-\d+\)/ })
      .waitFor({
        timeout: 60_000,
      });
    await screenshot('console-rule-save-rescoring');
    expect((await call('GET', `/api/leads/${leadId}/`)).body.score).toBe(30);

    // saved: back leaves without asking
    let asked = false;
    page.once('dialog', () => {
      asked = true;
    });
    await page.goBack();
    await page.getByRole('link', { name: 'Add Scoring Rule' }).waitFor();
    expect(asked).toBe(false);

    // the lead's page shows the score the rescoring gave it, with no activity or calculate in between
    await page.goto(`${t.base}/admin/leads/${leadId}/`);
    await page.getByText(/Score 30 · stage/).waitFor();
    await screenshot('console-lead-after-save-rescoring');
  });

  it('rule editor: back asks, and leaving when confirmed goes back; forward asks too', async () => {
    const { page } = t.browser;
    await page.goto(`${t.base}/admin/`);
    await openThrough(page, 'Scoring Rules', 'Decision Maker');
    const points = page.getByLabel('Points', { exact: true });
    await points.fill('12');
    expect(await back(page, 'accept')).toContain('unsaved changes');
    await page.getByRole('link', { name: 'Add Scoring Rule' }).waitFor();
    // forward returns to the rule as stored, not as it was edited
    await page.goForward();
    await expect(points.inputValue()).resolves.toBe('30');

    // from the rule to the criteria page and back: the rule now has a forward entry; edit, press forward
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Qualification Criteria', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Qualification criteria' }).waitFor();
    await page.goBack();
    await points.fill('16');
    expect(await back(page, 'dismiss', 'forward')).toContain('unsaved changes');
    await expect(points.inputValue()).resolves.toBe('16');
    expect(page.url()).toContain(`/scoring-rules/${ruleId}/`);
  });

  it('criteria editor: back asks, cancel keeps the edit; a save shows its rescoring', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/`);
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Qualification Criteria', exact: true })
      .click();
    const minimum = page.getByLabel('Minimum score of Marketing Qualified Lead (mql)', { exact: true });
    await minimum.fill('25');

    expect(await back(page, 'dismiss')).toContain('unsaved changes');
    await expect(minimum.inputValue()).resolves.toBe('25');
    expect(page.url()).toContain('/lead_qualification/criteria/');
    await screenshot('console-criteria-unsaved-guard-back');

    await page.getByRole('button', { name: 'Save Marketing Qualified Lead' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Rescored every lead/ })
      .waitFor({ timeout: 60_000 });
    expect((await call('GET', `/api/leads/${leadId}/`)).body.qualification_stage).toBe('mql');
  });

  it('workflow editor: back asks, cancel keeps the edit', async () => {
    const { page, screenshot } = t.browser;
    await page.goto(`${t.base}/admin/`);
    await openThrough(page, 'Workflows', 'Notify on hot lead');
    expect(page.url()).toContain(`/workflows/${workflowId}/`);
    const name = page.getByLabel('Workflow name');
    await name.fill('Notify on very hot lead');

    expect(await back(page, 'dismiss')).toContain('unsaved changes');
    await expect(name.inputValue()).resolves.toBe('Notify on very hot lead');
    expect(page.url()).toContain(`/workflows/${workflowId}/`);
    await screenshot('console-workflow-unsaved-guard-back');

    expect(await back(page, 'accept')).toContain('unsaved changes');
    await page.getByRole('link', { name: 'Notify on hot lead' }).first().waitFor();
    expect((await call('GET', `${API}/workflows/${workflowId}/`)).body.name).toBe('Notify on hot lead');
  });
});
