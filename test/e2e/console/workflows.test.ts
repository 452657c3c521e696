import {
  callApi,
  killWorkerProcesses,
  startWorkerProcess,
  type WorkerProcess,
  workerEnv,
} from '@leadflow/test-harness';
import { chooseOption, editorText, pickLead, seriousA11yViolations, useConsoleTest } from './console-browser';

/**
 * The graph editor end to end: a workflow with an action, a delay and a branch is built on the canvas,
 * saved, dry-run and executed on a lead by a real worker process, and its timeline is watched to the end.
 */
describe('console: workflow graph editor and execution timeline', () => {
  let worker: WorkerProcess;
  let leadId: number;
  const call = (method: string, path: string, body?: unknown) => callApi(t.base, method, path, t.admin, body);
  const t = useConsoleTest(async () => {
    worker = startWorkerProcess(workerEnv(t.config));
    leadId = (
      await call('POST', '/api/leads/', {
        first_name: 'Katherine',
        last_name: 'Johnson',
        email: 'katherine@orbit.example',
        company: 'Orbit',
        industry: 'SaaS',
      })
    ).body.id;
    await worker.ready(240_000);
  });

  afterAll(() => {
    killWorkerProcesses();
  });

  it('builds a workflow with a delay and a branch, runs it on a lead and shows the timeline complete', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('link', { name: 'Add workflow' }).click();
    await page.getByLabel('Workflow name').fill('Nurture SaaS leads');

    await page.getByRole('button', { name: 'Add action after this step' }).click();
    await chooseOption(page.getByRole('combobox', { name: 'Action type' }), 'create_task');
    await page.getByRole('button', { name: 'Add delay after this step' }).click();
    await page.getByLabel('Delay (ISO-8601 duration)').fill('PT2S');
    await page.getByRole('button', { name: 'Add branch after this step' }).click();
    await page.getByLabel('Value of condition 1').fill('SaaS');
    await page.getByRole('button', { name: 'Add action under then' }).click();
    await chooseOption(page.getByRole('combobox', { name: 'Action type' }), 'send_notification');
    // The task's config it was added with is no notification's: the API's error is marked on the step's node
    // and shown in the side panel beside the config field, and both go once the config is right.
    const nodeMarker = page
      .locator('.react-flow__node-action', { hasText: 'send_notification' })
      .locator('.flow-problems');
    await nodeMarker.waitFor();
    const configError = page
      .locator('.json-field', { has: page.getByLabel('Action config (JSON)') })
      .getByRole('alert');
    await expect(configError.first().textContent()).resolves.toMatch(/message/);
    await page.getByLabel('Action config (JSON)').fill('{"message": "A SaaS lead was nurtured"}');
    await nodeMarker.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add action after this step' }).click();
    await chooseOption(page.getByRole('combobox', { name: 'Action type' }), 'send_email');
    await page
      .getByLabel('Action config (JSON)')
      .fill('{"to": "lead", "subject": "Welcome {{first_name}}", "body": "Hello"}');

    const dsl = JSON.parse(await editorText(page.getByLabel('Workflow DSL (JSON)')));
    expect(dsl).toEqual({
      name: 'Nurture SaaS leads',
      trigger_type: 'manual',
      trigger_config: {},
      priority: 1,
      is_active: true,
      steps: [
        { action: 'create_task', config: { title: 'Follow up', due_in_days: 1 } },
        { delay: 'PT2S' },
        {
          branch: {
            if: { all: [{ field: 'industry', operator: 'equals', value: 'SaaS' }] },
            then: [
              { action: 'send_notification', config: { message: 'A SaaS lead was nurtured' } },
              {
                action: 'send_email',
                config: { to: 'lead', subject: 'Welcome {{first_name}}', body: 'Hello' },
              },
            ],
          },
        },
      ],
    });
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(6);
    await page.getByText('Valid workflow.').waitFor();
    await screenshot('console-workflow-graph');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    await page.getByRole('button', { name: 'Save workflow' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as a new version' }).waitFor();
    const workflowId = Number(/workflows\/(\d+)\//.exec(page.url())?.[1]);
    expect((await call('GET', `/api/lead-qualification/workflows/${workflowId}/`)).body.steps).toEqual(
      dsl.steps,
    );

    await pickLead(page, 'Katherine', 'Katherine Johnson');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('status', { name: 'Dry run' }).getByText('branch', { exact: false }).waitFor();
    await expect(page.getByRole('status', { name: 'Dry run' }).textContent()).resolves.toContain('→ then');

    await page.getByRole('button', { name: 'Execute now' }).click();
    await page.getByRole('heading', { name: /Execution #\d+/ }).waitFor();
    await page.getByLabel('Execution status').getByText('completed').waitFor({ timeout: 60_000 });
    // The timeline names the steps, not Temporal's activities, each with its kind, id and how it ended.
    const timeline = page.getByRole('list', { name: 'Steps on a time axis' });
    for (const [label, kind] of [
      ['create_task', 'action s1'],
      ['wait PT2S', 'delay s2'],
      ['branch', 'branch s3'],
      ['send_notification', 'action s4'],
      ['send_email', 'action s5'],
    ]) {
      const step = timeline.locator('li', { hasText: label }).filter({ hasText: kind });
      await step.getByText('completed', { exact: true }).waitFor();
    }
    await expect(timeline.getByText('loadProgram').count()).resolves.toBe(0);
    await timeline.locator('li', { hasText: 'branch s3' }).getByText('→ then').waitFor();
    // A completed run is neither cancelled nor retried.
    await expect(page.getByRole('button', { name: 'Retry execution' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel execution' }).count()).resolves.toBe(0);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page
      .getByRole('link', { name: 'Open the run in the Temporal UI' })
      .or(page.locator('dd code'))
      .first()
      .waitFor();
    await timeline.locator('li', { hasText: 'send_email' }).getByText('Details').click();
    await timeline.getByText('"subject": "Welcome {{first_name}}"').waitFor();
    await screenshot('console-execution-timeline');
    // The raw Temporal events are one click away.
    await page.getByRole('tab', { name: 'Temporal events' }).click();
    await page.getByRole('cell', { name: 'WorkflowExecutionCompleted' }).waitFor();
    await page.getByRole('tab', { name: 'Steps' }).click();

    // The notification the run made arrives over the event stream (cookie-authenticated) while the page is open.
    await page.getByRole('status', { name: 'New notifications' }).getByText('(1 new)').waitFor();

    // The lead page shows what the run did: its execution and the email it sent.
    // the run names its lead (its id is on hover)
    await page.getByRole('link', { name: 'Katherine Johnson', exact: true }).click();
    await page.getByRole('heading', { name: 'Lead: Katherine Johnson' }).waitFor();
    const emails = page.locator('section', { has: page.getByRole('heading', { name: 'Emails sent' }) });
    await emails.getByText('“Welcome Katherine” to katherine@orbit.example').waitFor();
    const runs = page.locator('section', { has: page.getByRole('heading', { name: 'Workflow executions' }) });
    await runs.getByRole('row', { name: /Nurture SaaS leads completed/ }).waitFor();
    // its story tells the run, the task and the notification it made, beside the score changes
    const story = page.getByRole('list', { name: 'What happened to the lead, newest first' });
    await story.getByText('Notification “A SaaS lead was nurtured” (unread)').waitFor();
    await story.getByText('Task “Follow up”', { exact: false }).waitFor();
    await story.getByText('Workflow “Nurture SaaS leads” completed').waitFor();
    await screenshot('console-lead-after-run');

    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByText('A SaaS lead was nurtured').waitFor();
    await page.getByRole('button', { name: 'Mark read' }).click();
    await page.getByText('No notifications.').waitFor();

    // Executions are filtered by names: the workflow from its list, the lead by typing part of its name.
    await page.getByRole('link', { name: 'Executions', exact: true }).click();
    await page.getByRole('combobox', { name: 'Workflow' }).click();
    await page.getByRole('option', { name: 'Nurture SaaS leads' }).click();
    await pickLead(page, 'Kath', 'Katherine Johnson');
    await page.getByText('1 executions, newest first').waitFor();
    await page.getByRole('row', { name: /Nurture SaaS leads Katherine Johnson completed/ }).waitFor();
    await screenshot('console-executions-by-name');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);

    // Deleted, the workflow is still named by its runs, from the version they ran, without a dead link.
    expect((await call('DELETE', `/api/lead-qualification/workflows/${workflowId}/`)).status).toBe(204);
    await page.reload();
    await page.getByText(`deleted workflow ‘Nurture SaaS leads’ (id ${workflowId})`).first().waitFor();
    await expect(page.getByRole('link', { name: 'Nurture SaaS leads' }).count()).resolves.toBe(0);

    const tasks = await call('GET', `/api/tasks/?lead_id=${leadId}`);
    expect(tasks.body.results).toEqual([expect.objectContaining({ title: 'Follow up' })]);
    const notifications = await call('GET', '/api/notifications/');
    expect(notifications.body.results.map((n: { message: string }) => n.message)).toContain(
      'A SaaS lead was nurtured',
    );
  });
});
