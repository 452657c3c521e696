import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { callApi, createTestContext, listenOnLoopback, loginAs } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';
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
  let base: string;
  let editor: Record<string, string>;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  async function finished(executionId: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const execution = (await call('GET', `/api/lead-qualification/workflow-executions/${executionId}/`))
        .body;
      if (execution.status !== 'running' || Date.now() > deadline) return execution;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const { config } = createTestContext({ SMTP_URL: smtp.url });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    app = await createApp(config);
    base = await listenOnLoopback(app);
    editor = await loginAs(base, 'editor');
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
            config: { title: 'Call {{lead.first_name}}', due_in_days: 1, priority: 'high' },
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
      status: 'running',
      lead_id: lead.id,
      workflow_definition_id: workflow.id,
      version: 1,
    });
    expect(started.body.temporal_workflow_id).toMatch(
      new RegExp(`^qualification-${workflow.id}-lead-${lead.id}-manual-`),
    );

    const execution = await finished(started.body.id);
    expect(execution).toMatchObject({ status: 'completed', error: null });
    expect(execution.steps).toHaveLength(4);

    expect((await call('GET', `/api/leads/${lead.id}/`)).body.status).toBe('qualified');
    expect(smtp.messages.filter((message) => message.to.includes('ada@acme.example'))).toHaveLength(1);

    const history = (
      await call('GET', `/api/lead-qualification/workflow-executions/${started.body.id}/history/`)
    ).body;
    const types = history.map((event: { event_type: string }) => event.event_type);
    expect(types[0]).toBe('WorkflowExecutionStarted');
    expect(types.filter((type: string) => type === 'ActivityTaskCompleted').length).toBeGreaterThanOrEqual(6);
    expect(types.at(-1)).toBe('WorkflowExecutionCompleted');
    expect(
      history.find((event: { event_type: string }) => event.event_type === 'ActivityTaskScheduled').details,
    ).toMatchObject({
      activity_type: 'loadProgram',
    });

    const stats = (await call('GET', '/api/lead-qualification/workflows/statistics/')).body;
    expect(stats.successful_executions).toBeGreaterThanOrEqual(1);
    expect(stats.workflows.find((row: { id: number }) => row.id === workflow.id)).toMatchObject({
      successful_executions: 1,
    });
  });

  it('records a failing run as failed with the reason, and retries it as a new run on request', async () => {
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', {
        name: 'Assign to a rep who does not exist',
        trigger_type: 'manual',
        action_type: 'assign_owner',
        action_config: { owner_id: 999_999 },
      })
    ).body;
    const lead = (await call('POST', '/api/leads/', { first_name: 'Grace', email: 'grace@globex.example' }))
      .body;
    const started = (
      await call('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, { lead_id: lead.id })
    ).body;
    const execution = await finished(started.id);
    expect(execution.status).toBe('failed');
    expect(String(execution.error)).toMatch(/999999/);

    const failedList = await call(
      'GET',
      `/api/lead-qualification/workflow-executions/?status=failed&workflow=${workflow.id}`,
    );
    expect(failedList.body.count).toBe(1);
    const retried = await call('POST', `/api/lead-qualification/workflow-executions/${started.id}/retry/`);
    expect(retried.status).toBe(201);
    expect(retried.body.id).not.toBe(started.id);
    expect((await finished(retried.body.id)).status).toBe('failed');
  });
});
