import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Client } from '@temporalio/client';
import { LeadsRepository, WorkflowExecutionsRepository } from '@leadflow/persistence';
import { scheduleIdOf } from '@leadflow/temporal/client';
import { LEAD_ID, WORKFLOW_DEFINITION_IDS } from '@leadflow/temporal/contracts/search-attributes';
import { LeadOutbox, outboxItem } from '@leadflow/qualification-runs';
import { callApi, createTestContext, loginAs, until, waitForExecution } from '@leadflow/test-harness';
import { startWorkerModule } from '../harness/in-process-worker';
import { startApi } from '../harness/api';
import { type SmtpSink, startSmtpSink } from '../fixtures/smtp-sink';

/**
 * The whole loop, as a user sees it: a workflow saved through the API runs on the real worker (Temporal
 * worker and Bull processors in this process, against the shared Temporal, MongoDB and Redis), its effects
 * can be read back through the API, and its execution carries the full Temporal history.
 */
describe('workflow runs end to end', () => {
  let smtp: SmtpSink;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let idPrefix: string;
  let base: string;
  let editor: Record<string, string>;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  const finished = (executionId: number) => waitForExecution(base, editor, executionId);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const { config } = createTestContext({ SMTP_URL: smtp.url });
    idPrefix = config.TEMPORAL_ID_PREFIX;
    worker = await startWorkerModule(config);
    [app, base, editor] = await startApi(config, 'editor');
  });

  afterAll(async () => {
    await app.close();
    await worker.close();
    await smtp.close();
  });

  it('runs a manual multi-step workflow on the worker: status, task, notification and email, once each', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Welcome a qualified lead',
        trigger_type: 'manual',
        trigger_config: {},
        steps: [
          { action: 'change_status', config: { status: 'qualified' } },
          {
            action: 'create_task',
            config: { title: 'Call {{first_name}}', due_in_days: 1, priority: 'high' },
          },
          { action: 'send_notification', config: { message: 'New qualified lead' } },
          { action: 'send_email', config: { to: 'lead', subject: 'Welcome', body: 'Hello' } },
        ],
      })
    ).body;
    const lead = (
      await call('POST', '/api/leads/', { first_name: 'Ada', email: 'ada@acme.example', company: 'Acme' })
    ).body;

    const started = await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, {
      lead_id: lead.id,
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      status: 'pending',
      lead_id: lead.id,
      workflow_definition_id: workflow.id,
      version: 1,
    });
    // The Temporal run that holds its history: a manual run is a lead event's run of one definition.
    expect(started.body.temporal_workflow_id).toMatch(
      new RegExp(`^t-[\\w-]+\\.lead-${lead.id}-event-manual-`),
    );

    const execution = await finished(started.body.id);
    expect(execution).toMatchObject({ status: 'completed', error: null });
    expect(execution.steps).toHaveLength(4);
    // the run as integrators see it: no ledger, claim flag or count marks (the worker's bookkeeping)
    expect(Object.keys(execution).filter((field) => /^(count_|effects$|start_held$)/.test(field))).toEqual(
      [],
    );

    expect((await call('GET', `/api/leads/${lead.id}/`)).body.status).toBe('qualified');
    const tasks = (await call('GET', `/api/tasks/?lead_id=${lead.id}`)).body;
    expect(tasks.count).toBe(1);
    expect(tasks.results[0]).toMatchObject({ title: 'Call Ada', priority: 'high', status: 'open' });
    expect(smtp.messages.filter((message) => message.to.includes('ada@acme.example'))).toHaveLength(1);

    // The run reports its outcome in its last activity, a moment before Temporal closes it.
    const historyPath = `/api/lead-qualification/workflow-executions/${started.body.id}/history/`;
    let history: {
      event_id: number;
      event_type: string;
      details: unknown;
      attributes: unknown;
      summary: string | null;
    }[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      history = (await call('GET', `${historyPath}?page_size=1000`)).body.events;
      if (history.at(-1)?.event_type === 'WorkflowExecutionCompleted') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Walking Temporal's pages of 7 gives the same events, in order, and the last page says it is the last.
    const paged: typeof history = [];
    let token: string | null = null;
    do {
      const query: string = token ? `&next_page_token=${token}` : '';
      const page = (await call('GET', `${historyPath}?page_size=7${query}`)).body;
      expect(page).toMatchObject({ execution_id: started.body.id, page_size: 7 });
      // Seven each, though Temporal hands out whole batches of events; fewer only on the last page.
      expect(page.events.length).toBe(page.next_page_token ? 7 : page.events.length);
      expect(page.events.length).toBeLessThanOrEqual(7);
      paged.push(...page.events);
      token = page.next_page_token;
    } while (token);
    expect(paged.map((event) => event.event_id)).toEqual(history.map((event) => event.event_id));
    expect(history.length).toBeGreaterThan(7);
    expect(history[0]!.attributes).toMatchObject({ workflowType: { name: 'leadEventWorkflow' } });
    // the run's own commands carry its key, which is how the console tells its steps from other runs'
    expect(history[0]!.summary).toBeNull();
    expect(history.filter((event) => event.summary === execution.run_key).length).toBeGreaterThan(3);
    for (const bad of ['page_size=0', 'page_size=1001', 'page_size=x', 'next_page_token=not%20a%20token']) {
      const reply = await call('GET', `${historyPath}?${bad}`);
      expect({ bad, status: reply.status }).toEqual({ bad, status: 400 });
    }
    for (const forged of [
      'AAAA',
      Buffer.from('["x",7,0]').toString('base64url'),
      Buffer.from('[null,0,0]').toString('base64url'),
    ])
      expect((await call('GET', `${historyPath}?next_page_token=${forged}`)).status).toBe(400);
    const types = history.map((event: { event_type: string }) => event.event_type);
    expect(types[0]).toBe('WorkflowExecutionStarted');
    // Every step is a local activity, recorded as a marker: loading the program, the four actions and
    // recording the outcome. No activity task reaches the server.
    expect(types.filter((type: string) => type.startsWith('ActivityTask'))).toHaveLength(0);
    expect(types.filter((type: string) => type === 'MarkerRecorded')).toHaveLength(6);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');

    const timeline = (
      await call('GET', `/api/lead-qualification/workflow-executions/${started.body.id}/timeline/`)
    ).body as { kind: string; activity_type?: string; status: string; attempts?: number }[];
    // Its program loaded with its lead event's others; its last action recorded the outcome.
    expect(timeline.map((entry) => entry.activity_type)).toEqual([
      'loadPrograms',
      'runAction',
      'runAction',
      'runAction',
      'runAction',
    ]);
    expect(timeline.every((entry) => entry.status === 'completed' && entry.attempts === 1)).toBe(true);

    const stats = (await call('GET', '/api/lead-qualification/workflows/statistics/')).body;
    expect(stats.successful_executions).toBeGreaterThanOrEqual(1);
    expect(stats.workflows.find((row: { id: number }) => row.id === workflow.id)).toMatchObject({
      successful_executions: 1,
    });
  });

  it('records a failing run as failed with the reason, and retries it as a new run on request', async () => {
    // A rep who exists when the workflow is saved (it is refused otherwise) and has left when it runs.
    const admin = await loginAs(base, 'admin');
    const rep = (
      await callApi(base, 'POST', '/api/users/', admin, {
        username: `leaver-${Date.now()}`,
        password: 'a-long-password',
        role: 'editor',
      })
    ).body as { id: number };
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Assign to a rep who has left',
        trigger_type: 'manual',
        action_type: 'assign_owner',
        action_config: { owner_id: rep.id },
      })
    ).body;
    expect((await callApi(base, 'PATCH', `/api/users/${rep.id}/`, admin, { is_active: false })).status).toBe(
      200,
    );
    const lead = (await call('POST', '/api/leads/', { first_name: 'Grace', email: 'grace@globex.example' }))
      .body;
    const started = (
      await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, { lead_id: lead.id })
    ).body;
    const execution = await finished(started.id);
    expect(execution.status).toBe('failed');
    expect(String(execution.error)).toMatch(new RegExp(`user ${rep.id} is inactive`));

    const failedList = await call(
      'GET',
      `/api/lead-qualification/workflow-executions/?status=failed&workflow_id=${workflow.id}`,
    );
    expect(failedList.body.count).toBe(1);
    const retried = await call('POST', `/api/lead-qualification/workflow-executions/${started.id}/retry/`);
    expect(retried.status).toBe(201);
    expect(retried.body.id).not.toBe(started.id);
    expect((await finished(retried.body.id)).status).toBe('failed');
  });

  /** Scoring rules that score a lead `n` points while its title is `L<n>`, for each n. */
  async function titleScores(points: readonly number[]): Promise<void> {
    for (const n of points) {
      const rule = await call('POST', '/api/lead-qualification/scoring-rules/', {
        name: `Title L${n}`,
        rule_type: 'demographic',
        field_name: 'title',
        operator: 'equals',
        value: `L${n}`,
        points: n,
      });
      expect(rule.status).toBe(201);
    }
  }

  /** Moves the lead's score to `n` the way a user would: an edit, then a calculation. */
  async function scoreTo(leadId: number, n: number): Promise<void> {
    expect((await call('PATCH', `/api/leads/${leadId}/`, { title: `L${n}` })).status).toBe(200);
    const calculated = await call('POST', '/api/lead-qualification/lead-scores/calculate/', {
      lead_id: leadId,
    });
    expect(calculated.body.score).toBe(n);
  }

  async function executionsOf(leadId: number): Promise<Record<string, unknown>[]> {
    const page = await call(
      'GET',
      `/api/lead-qualification/workflow-executions/?lead=${leadId}&page_size=100`,
    );
    return page.body.results as Record<string, unknown>[];
  }

  it("climbs the guide's progressive ladder: each threshold fires its workflow once, with its effect", async () => {
    const users = [];
    for (const name of ['marketing', 'sales']) {
      const admin = await loginAs(base, 'admin');
      const created = await callApi(base, 'POST', '/api/users/', admin, {
        username: `${name}-${Date.now()}`,
        password: 'a-long-password',
        role: 'editor',
        email: `${name}@leadflow.example`,
      });
      users.push(created.body.id as number);
    }
    const ladder = [
      { score: 40, action_type: 'assign_owner', action_config: { owner_id: users[0] }, priority: 40 },
      { score: 60, action_type: 'assign_owner', action_config: { owner_id: users[1] }, priority: 60 },
      {
        score: 75,
        action_type: 'create_task',
        action_config: { title: 'High-priority follow-up', priority: 'high', due_in_days: 1 },
        priority: 75,
      },
      {
        score: 85,
        action_type: 'send_notification',
        action_config: { message: 'Score passed 85' },
        priority: 85,
      },
    ];
    const workflowIds: number[] = [];
    for (const step of ladder) {
      const created = await call('POST', '/api/lead-qualification/workflows/', {
        name: `Ladder ${step.score}`,
        trigger_type: 'score_threshold',
        trigger_config: { score: step.score },
        action_type: step.action_type,
        action_config: step.action_config,
        priority: step.priority,
      });
      expect(created.status).toBe(201);
      workflowIds.push(created.body.id as number);
    }
    await titleScores([45, 50, 78, 90, 95]);
    const lead = (await call('POST', '/api/leads/', { first_name: 'Linus', email: 'linus@initech.example' }))
      .body;

    await scoreTo(lead.id, 45); // crosses 40
    await scoreTo(lead.id, 50); // crosses nothing
    await scoreTo(lead.id, 78); // crosses 60 and 75 at once
    await scoreTo(lead.id, 90); // crosses 85
    await scoreTo(lead.id, 95); // still above: nothing

    const executions = await executionsOf(lead.id);
    expect(executions).toHaveLength(4);
    // Newest first; the two of one event start in priority order, so 75 (priority 75) before 60.
    expect(executions.map((execution) => execution.workflow_definition_id)).toEqual([
      workflowIds[3],
      workflowIds[1],
      workflowIds[2],
      workflowIds[0],
    ]);
    for (const execution of executions)
      expect((await finished(execution.id as number)).status).toBe('completed');
    expect((await call('GET', `/api/leads/${lead.id}/`)).body.owner_id).toBe(users[1]);

    // One Temporal run per lead event: the two definitions 78 crossed share one, each of the others has its
    // own; each execution's timeline is its own steps in it, each definition's effect its own.
    const [, at75, at60] = executions as { id: number; temporal_workflow_id: string; event_id: string }[];
    expect(new Set(executions.map((execution) => execution.temporal_workflow_id)).size).toBe(3);
    expect(at75?.temporal_workflow_id).toBe(at60?.temporal_workflow_id);
    expect(at75?.temporal_workflow_id).toMatch(new RegExp(`^${idPrefix}\\.lead-${lead.id}-event-score-`));
    for (const execution of [at75, at60]) {
      const timeline = (
        await call('GET', `/api/lead-qualification/workflow-executions/${execution?.id}/timeline/`)
      ).body as { activity_type?: string }[];
      expect(timeline.map((entry) => entry.activity_type)).toEqual(['loadPrograms', 'runAction']);
    }
    const tasks = (await call('GET', `/api/tasks/?lead_id=${lead.id}`)).body;
    expect(
      tasks.results.map((task: { created_by_workflow_id: string }) => task.created_by_workflow_id),
    ).toEqual([`${idPrefix}.qualification-${workflowIds[2]}-lead-${lead.id}-${at75?.event_id}`]);
    // Found in Temporal by lead and by any of its definitions (a keyword list).
    const temporal = app.get(Client);
    const run = await temporal.workflow.getHandle(at75?.temporal_workflow_id as string).describe();
    expect(run.type).toBe('leadEventWorkflow');
    expect(run.typedSearchAttributes.get(LEAD_ID)).toBe(String(lead.id));
    expect(run.typedSearchAttributes.get(WORKFLOW_DEFINITION_IDS)).toEqual([
      String(workflowIds[2]),
      String(workflowIds[1]),
    ]);
    const found = await until(
      async () => {
        const ids: string[] = [];
        for await (const listed of temporal.workflow.list({
          query: `WorkflowDefinitionIds = '${workflowIds[1]}' AND LeadId = '${lead.id}'`,
        }))
          ids.push(listed.workflowId);
        return ids;
      },
      // Other test files' runs share the namespace (and small ids): this one must be among them.
      (ids) => ids.includes(at75?.temporal_workflow_id as string),
      { what: 'the run listed by its definition' },
    );
    expect(found).toContain(at75?.temporal_workflow_id);
  });

  it('starts one execution for a decision written twice, whoever writes it', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Move to qualified status',
        trigger_type: 'score_threshold',
        trigger_config: { score: 60 },
        action_type: 'change_status',
        action_config: { status: 'qualified' },
      })
    ).body;
    const lead = (
      await call('POST', '/api/leads/', { first_name: 'Barbara', email: 'barbara@hooli.example' })
    ).body;
    // The decision a calculation stores on the lead, written by its writer, the sweep and a retry at once.
    const item = outboxItem(
      {
        runs: [
          {
            workflow_definition_id: workflow.id as number,
            workflow_name: 'Move to qualified status',
            version: 1,
            lead_id: lead.id as number,
            trigger_type: 'score_threshold',
            event_id: 'score-twice',
            temporal_workflow_id: `${idPrefix}.qualification-${workflow.id}-lead-${lead.id}-score-twice`,
            started_at: new Date(),
            lane: 'live',
          },
        ],
      },
      new Date(),
    );
    if (!item) throw new Error('a decision with a run makes an outbox item');
    const outbox = app.get(LeadOutbox);
    await Promise.all([
      outbox.flushAndClear([{ lead_id: lead.id, item }]),
      outbox.flushAndClear([{ lead_id: lead.id, item }]),
    ]);
    await outbox.flushAndClear([{ lead_id: lead.id, item }]);
    const executions = (await executionsOf(lead.id)).filter(
      (execution) => execution.workflow_definition_id === workflow.id,
    );
    expect(executions).toHaveLength(1);
    expect((await finished(executions[0]!.id as number)).status).toBe('completed');
    expect((await call('GET', `/api/leads/${lead.id}/`)).body.status).toBe('qualified');
  });

  it('fires a field_update workflow when a lead is edited through the API, and not for other edits', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Tag fintech leads',
        trigger_type: 'field_update',
        trigger_config: { field: 'industry', value: 'Finance' },
        action_type: 'update_field',
        action_config: { field: 'source', value: 'fintech-program' },
      })
    ).body;
    // Leads made through the repository queue no rescoring: a score write racing the edit below would be a
    // second writer of the same document, which FerretDB does not make atomic (README, MongoDB-wire servers).
    const leads = worker.get(LeadsRepository, { strict: false });
    const lead = await leads.create({
      first_name: 'Frances',
      email: 'frances@globex.example',
      industry: 'Retail',
    });
    const other = await leads.create({ first_name: 'Ken', email: 'ken@globex.example', industry: 'Retail' });
    const runsOf = async (leadId: number) =>
      (await executionsOf(leadId)).filter((execution) => execution.workflow_definition_id === workflow.id);

    expect((await call('PATCH', `/api/leads/${other.id}/`, { title: 'CFO' })).status).toBe(200);
    expect(await runsOf(other.id)).toHaveLength(0);
    expect((await call('PATCH', `/api/leads/${lead.id}/`, { industry: 'Finance' })).status).toBe(200);
    const [execution] = await runsOf(lead.id);
    expect(execution).toMatchObject({ trigger_type: 'field_update' });
    expect((await finished(execution!.id as number)).status).toBe('completed');
    expect((await call('GET', `/api/leads/${lead.id}/`)).body.source).toBe('fintech-program');
  });

  it('runs a time-based workflow for the leads its filter matches when its schedule ticks', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Nurture SaaS leads',
        trigger_type: 'time_based',
        trigger_config: {
          cron: '0 3 1 1 *',
          timezone: 'Europe/Berlin',
          filter: { all: [{ field: 'industry', operator: 'equals', value: 'SaaS' }] },
        },
        action_type: 'change_status',
        action_config: { status: 'nurture' },
      })
    ).body;
    const leads = worker.get(LeadsRepository, { strict: false });
    const saas = [
      await leads.create({ first_name: 'Dennis', industry: 'SaaS', status: 'new' }),
      await leads.create({ first_name: 'Alan', industry: ' saas ', status: 'new' }),
    ];
    const retail = await leads.create({ first_name: 'Margaret', industry: 'Retail', status: 'new' });

    // Saving answered from MongoDB; the worker's relay creates the schedule.
    const schedule = app.get(Client).schedule.getHandle(scheduleIdOf(idPrefix, workflow.id as number));
    await until(
      () =>
        schedule.describe().then(
          () => true,
          () => false,
        ),
      (exists) => exists,
      { what: 'the relay to create the schedule', timeoutMs: 30_000 },
    );
    await schedule.trigger();
    const deadline = Date.now() + 30_000;
    let runs: Record<string, unknown>[] = [];
    while (Date.now() < deadline) {
      runs = (await call('GET', `/api/lead-qualification/workflow-executions/?workflow=${workflow.id}`)).body
        .results;
      if (runs.length === 2 && runs.every((run) => run.status === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(runs.map((run) => run.lead_id).sort()).toEqual(saas.map((lead) => lead.id).sort());
    expect(runs.every((run) => run.status === 'completed' && run.trigger_type === 'time_based')).toBe(true);
    for (const lead of saas)
      expect((await call('GET', `/api/leads/${lead.id}/`)).body.status).toBe('nurture');
    expect((await call('GET', `/api/leads/${retail.id}/`)).body.status).toBe('new');
  });

  it('answers 404 for the history and timeline of an execution whose run Temporal never had', async () => {
    // What a firing leaves when its Temporal start fails: a record marked failed, and no run.
    const executions = app.get(WorkflowExecutionsRepository);
    const temporalId = `${idPrefix}.qualification-999-lead-999-never-started`;
    const recorded = await executions.record({
      workflow_definition_id: 999,
      workflow_name: 'Never started',
      version: 1,
      lead_id: 999,
      trigger_type: 'manual',
      event_id: 'never-started',
      temporal_workflow_id: temporalId,
      started_at: new Date(),
      lane: 'live',
    });
    await executions.finish(
      temporalId,
      { status: 'failed', steps: [], attempts: 0, error: 'not started: Temporal unreachable' },
      new Date(),
    );
    const base = `/api/lead-qualification/workflow-executions/${recorded!.id}`;
    for (const path of [`${base}/history/`, `${base}/timeline/`]) {
      const reply = await call('GET', path);
      expect({ path, status: reply.status, message: reply.body.message }).toEqual({
        path,
        status: 404,
        message: expect.stringContaining('has no run in Temporal'),
      });
    }
    expect((await call('GET', `${base}/`)).body).toMatchObject({ status: 'failed', attempts: 0 });
  });

  it('cancels a running execution through the API, and reconciles one terminated in Temporal', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Wait an hour, then tag',
        trigger_type: 'manual',
        steps: [{ delay: 'PT1H' }, { action: 'change_status', config: { status: 'tagged' } }],
      })
    ).body;
    const lead = (
      await call('POST', '/api/leads/', { first_name: 'Edsger', email: 'edsger@initech.example' })
    ).body;
    const start = async () =>
      (await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, { lead_id: lead.id }))
        .body;

    const toCancel = await start();
    const cancelled = await call(
      'POST',
      `/api/lead-qualification/workflow-executions/${toCancel.id}/cancel/`,
      {
        reason: 'lead unsubscribed',
      },
    );
    expect(cancelled.status).toBe(201);
    expect(await finished(toCancel.id)).toMatchObject({ status: 'cancelled' });
    const again = await call(
      'POST',
      `/api/lead-qualification/workflow-executions/${toCancel.id}/cancel/`,
      {},
    );
    expect(again.status).toBe(409);

    // Started already: a signal stops this definition in its lead event's run.
    const toSignal = await start();
    await until(
      () => call('GET', `/api/lead-qualification/workflow-executions/${toSignal.id}/`),
      (reply) => reply.body.status === 'running',
      { what: 'the relay to start the run', timeoutMs: 30_000 },
    );
    const signalled = await call(
      'POST',
      `/api/lead-qualification/workflow-executions/${toSignal.id}/cancel/`,
      {
        reason: 'changed plans',
      },
    );
    expect(signalled.status).toBe(201);
    expect(await finished(toSignal.id)).toMatchObject({ status: 'cancelled' });
    // A run that closed while its execution's record missed the end (as if its last activity never landed)
    // is reconciled from the run's result: the definition's own outcome, not the run's `completed`. Written
    // straight to the collection: no code path puts an ended execution back to running.
    await app
      .get<Connection>(getConnectionToken())
      .collection('workflow_executions')
      .updateOne({ id: toSignal.id }, { $set: { status: 'running', finished_at: null } });
    const reconciled = await call('GET', `/api/lead-qualification/workflow-executions/${toSignal.id}/`);
    expect(reconciled.body).toMatchObject({ status: 'cancelled', finished_at: expect.any(String) });

    const toTerminate = await start();
    await until(
      () => call('GET', `/api/lead-qualification/workflow-executions/${toTerminate.id}/`),
      (reply) => reply.body.status === 'running',
      { what: 'the relay to start the run', timeoutMs: 30_000 },
    );
    await app.get(Client).workflow.getHandle(toTerminate.temporal_workflow_id).terminate('stopped by ops');
    expect(await finished(toTerminate.id)).toMatchObject({
      status: 'failed',
      error: 'terminated in Temporal',
    });
    expect((await call('GET', `/api/leads/${lead.id}/`)).body.status).not.toBe('tagged');
  });
});
