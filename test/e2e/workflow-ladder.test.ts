import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { verifyWebhookSignature } from '@leadflow/temporal/activities';
import {
  callApi,
  createTestContext,
  loginAs,
  type Reply,
  tokenHeaders,
  waitForExecution,
} from '@leadflow/test-harness';
import { startWorkerModule } from '../harness/in-process-worker';
import { startApi } from '../harness/api';
import { type SmtpSink, startSmtpSink } from '../fixtures/smtp-sink';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver';

const API = '/api/lead-qualification';

/**
 * One point rule per activity type: each new kind of activity the lead does adds its points, so the lead's
 * own activities walk its score up 45 -> 62 -> 67 -> 77 -> 82 -> 88, across every threshold below.
 */
const ACTIVITY_RULES = [
  { type: 'form_submitted', points: 45 },
  { type: 'email_clicked', points: 17 },
  { type: 'website_visit', points: 5 },
  { type: 'demo_requested', points: 10 },
  { type: 'meeting_booked', points: 5 },
  { type: 'pricing_viewed', points: 6 },
] as const;

interface Execution {
  id: number;
  workflow_definition_id: number;
  status: string;
  attempts: number;
}

/**
 * The guide's four example workflows and its progressive ladder (40 marketing, 60 sales, 75 task, 85 notify
 * the manager), plus an email and a signed webhook, on the real Temporal dev server with the worker's
 * Temporal worker and Bull processors in this process. Nothing calls the triggers directly: the lead's
 * activities go in through the leads API, the scoring queue rescores it, and each calculation fires what it
 * crossed. Every workflow fires exactly once, those crossed by one calculation start in priority order, and
 * each effect is read back: through the API, from the SMTP sink, and at the webhook receiver.
 */
describe("the guide's workflows and progressive ladder, driven by a lead's activities", () => {
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let editor: Record<string, string>;
  let webhookSecret: string;
  const call = (method: string, path: string, body?: unknown): Promise<Reply> =>
    callApi(base, method, path, editor, body);

  beforeAll(async () => {
    [smtp, hooks] = await Promise.all([startSmtpSink(), startWebhookReceiver()]);
    const { config } = createTestContext({
      SMTP_URL: smtp.url,
      OUTBOUND_ALLOW_PRIVATE_HOSTS: hooks.hostPort,
    });
    webhookSecret = config.WEBHOOK_SECRET;
    worker = await startWorkerModule(config);
    [app, base, editor] = await startApi(config, 'editor');
  });

  afterAll(async () => {
    await app.close();
    await worker.close();
    await Promise.all([smtp.close(), hooks.close()]);
  });

  /** A user who can log in, for the owners and the manager; their notifications are read as them. */
  async function user(name: string): Promise<{ id: number; email: string; headers: Record<string, string> }> {
    const admin = await loginAs(base, 'admin');
    const credentials = { username: `${name}-${Date.now()}`, password: 'a-long-password-1' };
    const email = `${name}@leadflow.example`;
    const created = await callApi(base, 'POST', '/api/users/', admin, {
      ...credentials,
      role: 'editor',
      email,
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as number, email, headers: await tokenHeaders(base, credentials) };
  }

  async function workflow(document: Record<string, unknown>): Promise<number> {
    const created = await call('POST', `${API}/workflows/`, document);
    expect({ name: document.name, status: created.status }).toEqual({ name: document.name, status: 201 });
    return created.body.id as number;
  }

  /** Polls (every 200 ms, for 45 s at most) until `read` gives a value `done` accepts, and returns it. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 45_000;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      value = await read();
    }
    return value;
  }

  async function executionsOf(leadId: number): Promise<Execution[]> {
    const page = await call('GET', `${API}/workflow-executions/?lead=${leadId}&page_size=100`);
    expect(page.status).toBe(200);
    // The list is newest first; ids grow in the order the firings were recorded.
    return (page.body.results as Execution[]).sort((a, b) => a.id - b.id);
  }

  it('fires each workflow once, in priority order, as the score climbs, with every effect readable', async () => {
    const [marketing, sales, senior, manager] = [
      await user('marketing'),
      await user('sales'),
      await user('senior-rep'),
      await user('manager'),
    ];

    for (const rule of ACTIVITY_RULES) {
      const created = await call('POST', `${API}/scoring-rules/`, {
        name: `Did ${rule.type}`,
        rule_type: 'behavioral',
        field_name: `${rule.type}_count`,
        operator: 'greater_than',
        value: '0',
        points: rule.points,
      });
      expect(created.status).toBe(201);
    }

    // The guide's four examples as printed, with a real user in place of its owner_id 5.
    const assignHot = await workflow({
      name: 'Assign hot leads to senior rep',
      trigger_type: 'score_threshold',
      trigger_config: { score: 75 },
      action_type: 'assign_owner',
      action_config: { owner_id: senior.id },
      is_active: true,
      priority: 10,
    });
    const followUpSql = await workflow({
      name: 'Follow up on SQL',
      trigger_type: 'score_threshold',
      trigger_config: { score: 65 },
      action_type: 'create_task',
      action_config: {
        title: 'Call qualified lead',
        description: 'Lead reached SQL qualification',
        due_in_days: 1,
        priority: 'high',
      },
      is_active: true,
    });
    const notifyHot = await workflow({
      name: 'Notify on hot lead',
      trigger_type: 'score_threshold',
      trigger_config: { score: 80 },
      action_type: 'send_notification',
      action_config: { message: '🔥 Hot lead! Score increased to 80+' },
      is_active: true,
    });
    const qualifiedStatus = await workflow({
      name: 'Move to qualified status',
      trigger_type: 'score_threshold',
      trigger_config: { score: 60 },
      action_type: 'change_status',
      action_config: { status: 'qualified' },
      is_active: true,
    });
    // The guide's progressive ladder, each rung's priority its threshold.
    const toMarketing = await workflow({
      name: 'Score 40: assign to marketing',
      trigger_type: 'score_threshold',
      trigger_config: { score: 40 },
      action_type: 'assign_owner',
      action_config: { owner_id: marketing.id },
      priority: 40,
    });
    const toSales = await workflow({
      name: 'Score 60: assign to a sales rep',
      trigger_type: 'score_threshold',
      trigger_config: { score: 60 },
      action_type: 'assign_owner',
      action_config: { owner_id: sales.id },
      priority: 60,
    });
    const highTask = await workflow({
      name: 'Score 75: high-priority task',
      trigger_type: 'score_threshold',
      trigger_config: { score: 75 },
      action_type: 'create_task',
      action_config: {
        title: 'High-priority follow-up for {{first_name}}',
        due_in_days: 0,
        priority: 'high',
      },
      priority: 75,
    });
    const notifyManager = await workflow({
      name: 'Score 85: notify the manager',
      trigger_type: 'score_threshold',
      trigger_config: { score: 85 },
      action_type: 'send_notification',
      action_config: { message: '{{first_name}} passed 85', user_id: manager.id },
      priority: 85,
    });
    // Mail and a signed call out, so every kind of outside effect is part of the climb.
    const emailOwner = await workflow({
      name: 'Score 65: email the owner',
      trigger_type: 'score_threshold',
      trigger_config: { score: 65 },
      action_type: 'send_email',
      action_config: { to: 'owner', subject: '{{first_name}} at {{company}} is sales-qualified' },
      priority: 5,
    });
    const tellCrm = await workflow({
      name: 'Score 85: tell the CRM',
      trigger_type: 'score_threshold',
      trigger_config: { score: 85 },
      action_type: 'webhook',
      action_config: { url: hooks.url('/crm/hot-leads') },
      priority: 2,
    });

    const lead = (
      await call('POST', '/api/leads/', {
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@navy.example',
        company: 'Navy',
        status: 'new',
      })
    ).body as { id: number };
    const fired: number[] = [];

    /**
     * One more activity, then: the score the queue computes, the firings it caused (exactly `expected`, in
     * that order: priority, highest first), all completed at their first attempt.
     */
    async function climb(type: string, score: number, expected: number[]): Promise<void> {
      const calculations = async () =>
        (await call('GET', `${API}/lead-scores/history/?lead_id=${lead.id}`)).body as { score: number }[];
      const before = (await calculations()).length;
      const added = await call('POST', `/api/leads/${lead.id}/activities/`, {
        type,
        occurred_at: new Date().toISOString(),
      });
      expect(added.status).toBe(201);
      // The queue's calculation after this activity (newest first), which is what fires the triggers.
      const scored = await eventually(
        calculations,
        (found) => found.length > before && found[0]?.score === score,
      );
      expect({ type, score: scored[0]?.score }).toEqual({ type, score });
      const executions = await eventually(
        () => executionsOf(lead.id),
        (found) => found.length >= fired.length + expected.length,
      );
      const fresh = executions.slice(fired.length);
      expect({ type, fired: fresh.map((execution) => execution.workflow_definition_id) }).toEqual({
        type,
        fired: expected,
      });
      fired.push(...expected);
      for (const execution of fresh) {
        expect(await waitForExecution(base, editor, execution.id)).toMatchObject({
          status: 'completed',
          attempts: 1,
        });
      }
    }
    const leadNow = async () => (await call('GET', `/api/leads/${lead.id}/`)).body;
    const tasksOf = async () => (await call('GET', `/api/tasks/?lead_id=${lead.id}`)).body.results;

    await climb('form_submitted', 45, [toMarketing]);
    expect((await leadNow()).owner_id).toBe(marketing.id);

    await climb('email_clicked', 62, [toSales, qualifiedStatus]);
    expect(await leadNow()).toMatchObject({ owner_id: sales.id, status: 'qualified' });

    await climb('website_visit', 67, [emailOwner, followUpSql]);
    expect(await tasksOf()).toEqual([
      expect.objectContaining({
        title: 'Call qualified lead',
        description: 'Lead reached SQL qualification',
        priority: 'high',
        status: 'open',
      }),
    ]);
    const mail = smtp.messages.filter((message) => message.to.includes(sales.email));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.raw).toContain('Grace at Navy is sales-qualified');

    await climb('demo_requested', 77, [highTask, assignHot]);
    expect((await leadNow()).owner_id).toBe(senior.id);
    expect((await tasksOf()).map((task: { title: string }) => task.title).sort()).toEqual([
      'Call qualified lead',
      'High-priority follow-up for Grace',
    ]);

    await climb('meeting_booked', 82, [notifyHot]);
    // No user named: the owner (now the senior rep) is notified.
    const seniorInbox = (await callApi(base, 'GET', '/api/notifications/', senior.headers)).body.results;
    expect(seniorInbox).toEqual([
      expect.objectContaining({ message: '🔥 Hot lead! Score increased to 80+', lead_id: lead.id }),
    ]);

    const callsBefore = hooks.calls.length;
    await climb('pricing_viewed', 88, [notifyManager, tellCrm]);
    const managerInbox = (await callApi(base, 'GET', '/api/notifications/', manager.headers)).body.results;
    expect(managerInbox).toEqual([expect.objectContaining({ message: 'Grace passed 85', lead_id: lead.id })]);
    const calls = hooks.calls.slice(callsBefore);
    expect(calls).toHaveLength(1);
    const delivery = calls[0]!;
    expect(delivery).toMatchObject({ method: 'POST', path: '/crm/hot-leads' });
    expect(
      verifyWebhookSignature(delivery.body, String(delivery.headers['x-leadflow-signature']), webhookSecret),
    ).toBe(true);
    expect(delivery.headers['x-leadflow-timestamp']).toMatch(/^\d+$/);
    expect(JSON.parse(delivery.body)).toMatchObject({
      event: 'workflow.action.webhook',
      lead: { id: lead.id, first_name: 'Grace' },
    });

    // Staying above every threshold fires nothing more: each workflow ran exactly once.
    await climb('email_opened', 88, []);
    const all = await executionsOf(lead.id);
    expect(all.map((execution) => execution.workflow_definition_id).sort((a, b) => a - b)).toEqual(
      [
        assignHot,
        followUpSql,
        notifyHot,
        qualifiedStatus,
        toMarketing,
        toSales,
        highTask,
        notifyManager,
        emailOwner,
        tellCrm,
      ].sort((a, b) => a - b),
    );
  });
});
