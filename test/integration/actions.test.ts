import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import type { ActionConfigs, ActionType } from '@leadflow/dsl';
import { connectMongo, type LeadsRepository } from '@leadflow/persistence';
import {
  createActionActivities,
  createSmtpMailer,
  messageIdOf,
  poolKeyOf,
  verifyWebhookSignature,
} from '@leadflow/temporal/activities';
import type { ActionRequest, ActionResult } from '@leadflow/temporal/contracts/qualification';
import { createTestContext } from '@leadflow/test-harness';
import { type ActionRepositories, actionRepositories } from '../fixtures/action-repositories';
import { type SmtpSink, startSmtpSink } from '../fixtures/smtp-sink';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver';

/**
 * The nine workflow actions against the real MongoDB-wire server, a real SMTP server and a real HTTP
 * receiver on loopback: each effect is read back from its repository, and a request run twice acts once.
 */
describe('workflow actions', () => {
  const NOW = new Date('2026-03-02T10:00:00Z');
  const DAY_MS = 24 * 60 * 60 * 1000;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  let connection: Connection;
  let mailer: ReturnType<typeof createSmtpMailer>;
  let webhookSecret: string;
  let repos: ActionRepositories;
  let runAction: (request: ActionRequest) => Promise<ActionResult>;
  let workflowSeq = 0;

  beforeAll(async () => {
    [smtp, hooks] = await Promise.all([startSmtpSink(), startWebhookReceiver()]);
    const { config } = createTestContext({
      SMTP_URL: smtp.url,
      OUTBOUND_ALLOW_PRIVATE_HOSTS: hooks.hostPort,
    });
    webhookSecret = config.WEBHOOK_SECRET;
    connection = await connectMongo(config);
    repos = await actionRepositories(connection);
    mailer = createSmtpMailer(config);
    runAction = createActionActivities({
      ...repos,
      mailer,
      outbound: { policy: { allowPrivateHosts: config.OUTBOUND_ALLOW_PRIVATE_HOSTS }, secret: webhookSecret },
      clock: () => NOW,
    }).runAction;
  });

  afterAll(async () => {
    mailer.close();
    await connection.dropDatabase();
    await connection.close();
    await Promise.all([smtp.close(), hooks.close()]);
  });

  function request<K extends ActionType>(
    leadId: number,
    actionType: K,
    config: ActionConfigs[K],
    key: { workflow_id?: string; step_id?: string } = {},
  ): ActionRequest {
    workflowSeq += 1;
    return {
      workflow_id: key.workflow_id ?? `qualification-1-lead-${leadId}-e${workflowSeq}`,
      step_id: key.step_id ?? 's1',
      lead_id: leadId,
      action_type: actionType,
      config,
    };
  }

  async function newUser(name: string, fields: { is_active?: boolean; email?: string } = {}) {
    return repos.users.create({
      username: `${name}-${workflowSeq++}`,
      role: 'editor',
      password_hash: 'not-a-real-hash',
      email: fields.email ?? `${name}@example.com`,
      is_active: fields.is_active ?? true,
    });
  }

  async function newLead(fields: Parameters<LeadsRepository['create']>[0] = {}) {
    return repos.leads.create({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      company: 'Analytical Engines',
      ...fields,
    });
  }

  async function expectNonRetryable(promise: Promise<unknown>, type: string, message: RegExp) {
    const error: unknown = await promise.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type, nonRetryable: true });
    expect((error as Error).message).toMatch(message);
  }

  /** What an attempt that crashed after the effect but before recording it leaves in the ledger: nothing. */
  async function forgetCompletion(req: ActionRequest): Promise<void> {
    await connection
      .collection('effect_ledger')
      .deleteOne({ workflow_id: req.workflow_id, step_id: req.step_id });
  }

  describe('assign_owner', () => {
    it('sets a fixed owner, and refuses one that does not exist without retrying', async () => {
      const owner = await newUser('owner');
      const lead = await newLead();
      const result = await runAction(request(lead.id, 'assign_owner', { owner_id: owner.id }));
      // Called outside Temporal, a call is a first attempt.
      expect(result).toEqual({ already_done: false, summary: `owner set to ${owner.id}`, attempt: 1 });
      expect((await repos.leads.findById(lead.id))?.owner_id).toBe(owner.id);

      await expectNonRetryable(
        runAction(request(lead.id, 'assign_owner', { owner_id: 987_654 })),
        'ValidationError',
        /user 987654 does not exist/,
      );
    });

    it('rotates round robin over the active members, skipping an inactive one', async () => {
      const a = await newUser('rr-a');
      const b = await newUser('rr-b', { is_active: false });
      const c = await newUser('rr-c');
      const pool = [a.id, b.id, c.id];
      const owners: (number | null)[] = [];
      for (let i = 0; i < 5; i++) {
        const lead = await newLead();
        await runAction(request(lead.id, 'assign_owner', { round_robin: pool }));
        owners.push((await repos.leads.findById(lead.id))?.owner_id ?? null);
      }
      expect(owners).toEqual([a.id, c.id, a.id, c.id, a.id]);
    });

    it('gives 20 concurrent assignments 20 distinct turns, alternating over the active members', async () => {
      const a = await newUser('cc-a');
      const b = await newUser('cc-b', { is_active: false });
      const c = await newUser('cc-c');
      const pool = [a.id, b.id, c.id];
      const leads = await Promise.all(Array.from({ length: 20 }, () => newLead()));
      await Promise.all(
        leads.map((lead) => runAction(request(lead.id, 'assign_owner', { round_robin: pool }))),
      );

      const turns = await repos.roundRobin.forPool(poolKeyOf(pool));
      expect(turns.map((turn) => turn.turn)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(turns.map((turn) => turn.user_id)).toEqual(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a.id : c.id)),
      );
      // Each lead holds the member of its own turn, and no lead took two turns.
      expect(new Set(turns.map((turn) => turn.effect_key)).size).toBe(20);
      const stored = await repos.leads.findByIds(leads.map((lead) => lead.id));
      const owners = stored.map((lead) => lead.owner_id);
      expect(owners.filter((id) => id === a.id)).toHaveLength(10);
      expect(owners.filter((id) => id === c.id)).toHaveLength(10);
    });

    it('keeps the turn of a redone step instead of taking the next one', async () => {
      const a = await newUser('redo-a');
      const c = await newUser('redo-c');
      const pool = [a.id, c.id];
      const lead = await newLead();
      const req = request(lead.id, 'assign_owner', { round_robin: pool });
      await runAction(req);
      await forgetCompletion(req);
      const redone = await runAction(req);
      expect(redone).toMatchObject({
        already_done: false,
        summary: `owner set to ${a.id} (round robin turn 1)`,
      });
      expect(await repos.roundRobin.forPool(poolKeyOf(pool))).toHaveLength(1);
    });
  });

  it('change_status sets the status once per step', async () => {
    const lead = await newLead();
    const req = request(lead.id, 'change_status', { status: 'qualified' });
    expect(await runAction(req)).toEqual({
      already_done: false,
      summary: 'status changed from new to qualified',
      attempt: 1,
    });
    expect((await repos.leads.findById(lead.id))?.status).toBe('qualified');
    expect(await runAction(req)).toEqual({
      already_done: true,
      summary: 'status changed from new to qualified',
      attempt: 1,
    });
  });

  it('move_to_stage sets the stage and records which step moved it from where', async () => {
    const lead = await newLead();
    const req = request(lead.id, 'move_to_stage', { stage: 'hot' }, { step_id: 's4' });
    await runAction(req);
    expect((await repos.leads.findById(lead.id))?.qualification_stage).toBe('hot');
    await forgetCompletion(req);
    await runAction(req);
    const moves = await repos.stageMoves.forLead(lead.id);
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({
      from_stage: 'unqualified',
      to_stage: 'hot',
      workflow_id: req.workflow_id,
      step_id: 's4',
      reason: `workflow ${req.workflow_id} step s4`,
    });
  });

  describe('update_field', () => {
    it('sets a lead field and a custom field', async () => {
      const lead = await newLead({ custom_fields: { region: 'emea' } });
      await runAction(request(lead.id, 'update_field', { field: 'industry', value: 'SaaS' }));
      await runAction(request(lead.id, 'update_field', { field: 'company_size', value: 250 }));
      await runAction(request(lead.id, 'update_field', { field: 'custom_fields.tier', value: 'gold' }));
      const stored = await repos.leads.findById(lead.id);
      expect(stored).toMatchObject({
        industry: 'SaaS',
        company_size: 250,
        custom_fields: { region: 'emea', tier: 'gold' },
      });
    });

    it.each([
      ['score', 100, /field "score" may not be set/],
      ['id', 1, /field "id" may not be set/],
      ['qualification_stage', 'hot', /may not be set/],
      ['status', null, /status does not take null/],
      ['industry', 5, /industry does not take 5/],
    ])('refuses %s = %p as a non-retryable ValidationError', async (field, value, message) => {
      const lead = await newLead();
      await expectNonRetryable(
        runAction(request(lead.id, 'update_field', { field, value })),
        'ValidationError',
        message,
      );
      expect((await repos.leads.findById(lead.id))?.score).toBe(0);
    });
  });

  it('create_task makes one task due in due_in_days, however often the step runs', async () => {
    const owner = await newUser('task-owner');
    const lead = await newLead({ owner_id: owner.id });
    const req = request(lead.id, 'create_task', {
      title: 'Call {{first_name}}',
      description: 'Lead reached SQL qualification',
      due_in_days: 2,
      priority: 'high',
    });
    const first = await runAction(req);
    expect(await runAction(req)).toEqual({ already_done: true, summary: first.summary, attempt: 1 });
    // An attempt that crashed after creating the task but before the ledger knew: the redo finds the task.
    await forgetCompletion(req);
    expect((await runAction(req)).summary).toMatch(/already created/);

    const tasks = await repos.tasks.forLead(lead.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: 'Call Ada',
      description: 'Lead reached SQL qualification',
      priority: 'high',
      status: 'open',
      assignee_id: owner.id,
      created_by_workflow_id: req.workflow_id,
      due_at: new Date(NOW.getTime() + 2 * DAY_MS),
    });
    const done = await repos.tasks.setStatus(tasks[0]!.id, 'done', NOW);
    expect(done).toMatchObject({ status: 'done', completed_at: NOW });
    expect(await repos.tasks.setStatus(tasks[0]!.id, 'open', NOW)).toMatchObject({
      status: 'open',
      completed_at: null,
    });
  });

  it('send_notification notifies the given user, or the lead owner by default', async () => {
    const owner = await newUser('notify-owner');
    const watcher = await newUser('notify-watcher');
    const lead = await newLead({ owner_id: owner.id });
    const toOwner = request(lead.id, 'send_notification', { message: 'Hot lead {{first_name}}!' });
    await runAction(toOwner);
    await runAction(toOwner);
    await runAction(request(lead.id, 'send_notification', { message: 'FYI', user_id: watcher.id }));

    const forOwner = await repos.notifications.forUser(owner.id, { unreadOnly: true });
    expect(forOwner.map((n) => n.message)).toEqual(['Hot lead Ada!']);
    expect(forOwner[0]).toMatchObject({ lead_id: lead.id, read_at: null });
    expect((await repos.notifications.forUser(watcher.id, { unreadOnly: false }))[0]?.message).toBe('FYI');
    await repos.notifications.markRead(forOwner[0]!.id, NOW);
    expect(await repos.notifications.forUser(owner.id, { unreadOnly: true })).toEqual([]);

    await expectNonRetryable(
      runAction(request(lead.id, 'send_notification', { message: 'x', user_id: 424_242 })),
      'ValidationError',
      /user 424242 does not exist/,
    );
  });

  describe('send_email', () => {
    it('delivers one templated email over SMTP to the owner, the lead or an address', async () => {
      const owner = await newUser('mail-owner', { email: 'owner@sales.example' });
      const lead = await newLead({ owner_id: owner.id, email: 'ada@lead.example' });
      const before = smtp.messages.length;
      const toOwner = request(lead.id, 'send_email', {
        to: 'owner',
        template: 'hot-lead',
        subject: 'New hot lead: {{first_name}} {{last_name}}',
        body: '{{company}} is hot.',
      });
      await runAction(toOwner);
      expect(await runAction(toOwner)).toMatchObject({ already_done: true });
      await forgetCompletion(toOwner);
      expect((await runAction(toOwner)).summary).toMatch(/already sent/);
      await runAction(request(lead.id, 'send_email', { to: 'lead', subject: 'Hello' }));
      await runAction(request(lead.id, 'send_email', { to: 'ops@acme.example', subject: 'FYI' }));

      const received = smtp.messages.slice(before);
      expect(received.map((mail) => mail.to)).toEqual([
        ['owner@sales.example'],
        ['ada@lead.example'],
        ['ops@acme.example'],
      ]);
      const first = received[0]!;
      expect(first.raw).toMatch(/^Subject: New hot lead: Ada Lovelace$/m);
      expect(first.raw).toContain('Analytical Engines is hot.');
      expect(first.raw).toMatch(new RegExp(`^Message-ID: ${messageIdOf(`${toOwner.workflow_id}/s1`)}$`, 'm'));

      const stored = await repos.emails.forLead(lead.id);
      expect(stored).toHaveLength(3);
      expect(stored.find((email) => email.to === 'owner@sales.example')).toMatchObject({
        subject: 'New hot lead: Ada Lovelace',
        template: 'hot-lead',
        sent_at: NOW,
      });
    });

    it('refuses a lead without an owner to write to, and a malformed address', async () => {
      const lead = await newLead();
      await expectNonRetryable(
        runAction(request(lead.id, 'send_email', { to: 'owner', subject: 'x' })),
        'ValidationError',
        /no owner with an email/,
      );
      await expectNonRetryable(
        runAction(request(lead.id, 'send_email', { to: 'not an address', subject: 'x' })),
        'ValidationError',
        /to must be an email address/,
      );
    });
  });

  it('add_to_campaign adds a lead to a campaign once', async () => {
    const lead = await newLead();
    expect((await runAction(request(lead.id, 'add_to_campaign', { campaign: 'nurture-q4' }))).summary).toBe(
      'added to campaign nurture-q4',
    );
    expect((await runAction(request(lead.id, 'add_to_campaign', { campaign: 'nurture-q4' }))).summary).toBe(
      'already in campaign nurture-q4',
    );
    await runAction(request(lead.id, 'add_to_campaign', { campaign: 7 }));
    const members = await repos.campaigns.members('nurture-q4');
    expect(members.filter((member) => member.lead_id === lead.id)).toHaveLength(1);
    expect((await repos.campaigns.campaignsOf(lead.id)).map((m) => m.campaign)).toEqual(['7', 'nurture-q4']);
  });

  describe('webhook', () => {
    it('POSTs the lead once, signed with HMAC-SHA256 of the body and stamped', async () => {
      const lead = await newLead();
      const before = hooks.calls.length;
      const req = request(
        lead.id,
        'webhook',
        { url: hooks.url('/crm'), headers: { 'X-Source': 'leadflow' } },
        { step_id: 's7' },
      );
      expect((await runAction(req)).summary).toBe(`webhook POST ${hooks.url('/crm')} answered 200`);
      expect(await runAction(req)).toMatchObject({ already_done: true });

      const calls = hooks.calls.slice(before);
      expect(calls).toHaveLength(1);
      const call = calls[0]!;
      expect(call).toMatchObject({ method: 'POST', path: '/crm' });
      expect(call.headers['x-source']).toBe('leadflow');
      expect(call.headers['content-type']).toBe('application/json');
      const signature = call.headers['x-leadflow-signature'];
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(call.body, signature as string, webhookSecret)).toBe(true);
      expect(verifyWebhookSignature(call.body, signature as string, 'another-secret-0123456789')).toBe(false);
      const timestamp = Number(call.headers['x-leadflow-timestamp']);
      expect(timestamp).toBe(NOW.getTime() / 1000);
      expect(JSON.parse(call.body)).toMatchObject({
        event: 'workflow.action.webhook',
        timestamp,
        workflow_id: req.workflow_id,
        step_id: 's7',
        lead: { id: lead.id, email: 'ada@example.com' },
      });
    });

    it('counts a 302 after its POST as a failed delivery, naming where it pointed, and sends no GET', async () => {
      const lead = await newLead();
      const before = hooks.calls.length;
      hooks.respondWith.push(302);
      const failure: unknown = await runAction(
        request(lead.id, 'webhook', { url: hooks.url('/moving') }),
      ).catch((error: unknown) => error);
      expect(failure).toMatchObject({ type: 'WebhookRejected', nonRetryable: true });
      expect((failure as Error).message).toMatch(/answered 302 \(redirect to \/moved not followed\)$/);
      expect(hooks.calls.slice(before).map((call) => call.method)).toEqual(['POST']);
    });

    it('retries a 5xx answer and then delivers on the next attempt', async () => {
      const lead = await newLead();
      const before = hooks.calls.length;
      hooks.respondWith.push(503);
      const req = request(lead.id, 'webhook', { url: hooks.url('/flaky') });
      const failure: unknown = await runAction(req).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      // The failure carries the attempt it ended, so the run can count a failed step's attempts.
      expect(failure).toMatchObject({ type: 'WebhookError', nonRetryable: false, details: [{ attempt: 1 }] });
      expect(await runAction(req)).toMatchObject({ already_done: false });
      const calls = hooks.calls.slice(before);
      expect(calls).toHaveLength(2);
      // Both attempts carry one delivery id, so the receiver can tell the second is the same delivery.
      expect(calls[0]?.headers['x-leadflow-delivery']).toBe(calls[1]?.headers['x-leadflow-delivery']);
    });

    it.each([
      ['a loopback port not allowed', (h: WebhookReceiver) => h.url('/x').replace(/:\d+\//, ':1/')],
      ['the metadata address', () => 'http://169.254.169.254/latest/meta-data'],
      ['a private network host', () => 'http://10.0.0.8/hook'],
      ['a non-http scheme', () => 'file:///etc/passwd'],
    ])('refuses %s as a non-retryable ValidationError', async (_name, urlOf) => {
      const lead = await newLead();
      const before = hooks.calls.length;
      await expectNonRetryable(
        runAction(request(lead.id, 'webhook', { url: urlOf(hooks) })),
        'ValidationError',
        /refused/,
      );
      expect(hooks.calls.length).toBe(before);
    });
  });

  it('fails a request for a missing lead at once, with the domain code as its type and in its message', async () => {
    await expectNonRetryable(
      runAction(request(999_999, 'change_status', { status: 'x' })),
      'LEAD_NOT_FOUND',
      /^LEAD_NOT_FOUND: lead 999999 does not exist/,
    );
  });
});
