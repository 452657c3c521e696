import { randomBytes } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { defaultFactRegistry } from '@leadflow/domain';
import { compileWorkflow, validateWorkflow, type WorkflowProgram } from '@leadflow/dsl';
import { connectMongo } from '@leadflow/persistence';
import { createActionActivities, createSmtpMailer } from '@leadflow/temporal/activities';
import type {
  QualificationActivities,
  QualificationInput,
  QualificationProgress,
} from '@leadflow/temporal/contracts/qualification';
import { connectTemporalWorker, createTemporalWorker } from '@leadflow/temporal/worker';
import { qualificationWorkflow } from '@leadflow/temporal/workflows';
import { createTestContext } from '@leadflow/test-harness';
import { actionRepositories } from '../fixtures/action-repositories';
import { type SmtpSink, startSmtpSink } from '../fixtures/smtp-sink';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver';

/**
 * The real interpreter on the Temporal dev server with the real actions: a multi-step program compiled by
 * the DSL runs for two leads, one down each branch, and every effect is read back. The webhook answers 503
 * once, so Temporal's retry of the activity is part of the run, and it still calls the receiver for one
 * delivery only.
 */
describe('qualification workflow with the real actions', () => {
  const DEFINITION_ID = 41;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  let mongo: Connection;
  let clientConnection: TemporalConnection;
  let workerConnection: NativeConnection;
  let mailer: ReturnType<typeof createSmtpMailer>;
  const { config: baseConfig } = createTestContext();
  let config = baseConfig;

  beforeAll(async () => {
    [smtp, hooks] = await Promise.all([startSmtpSink(), startWebhookReceiver()]);
    config = { ...baseConfig, SMTP_URL: smtp.url, OUTBOUND_ALLOW_PRIVATE_HOSTS: [hooks.hostPort] };
    mongo = await connectMongo(config);
    clientConnection = await TemporalConnection.connect({ address: config.TEMPORAL_ADDRESS });
    workerConnection = await connectTemporalWorker(config);
    mailer = createSmtpMailer(config);
  });

  afterAll(async () => {
    mailer.close();
    await mongo.dropDatabase();
    await mongo.close();
    await clientConnection.close();
    await workerConnection.close();
    await Promise.all([smtp.close(), hooks.close()]);
  });

  function compiled(): WorkflowProgram {
    const validated = validateWorkflow(
      {
        name: 'Hot lead playbook without the wait',
        trigger_type: 'manual',
        steps: [
          { action: 'assign_owner', config: { round_robin: [1, 2] } },
          { action: 'send_email', config: { to: 'owner', subject: 'New hot lead: {{first_name}}' } },
          {
            branch: {
              if: { all: [{ field: 'email_clicks_count', operator: 'greater_than', value: '0' }] },
              then: [
                { action: 'create_task', config: { title: 'Call now', due_in_days: 0, priority: 'urgent' } },
                { action: 'move_to_stage', config: { stage: 'hot' } },
              ],
              else: [
                { action: 'add_to_campaign', config: { campaign: 'nurture-q4' } },
                {
                  action: 'webhook',
                  config: { url: hooks.url('/leads') },
                  retry: { initial_interval: '200ms', backoff: 1, maximum_attempts: 3 },
                },
              ],
            },
          },
          { action: 'send_notification', config: { message: 'Playbook done for {{first_name}}' } },
        ],
      },
      defaultFactRegistry(),
    );
    if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
    return compileWorkflow(validated.value, { version: 1 });
  }

  it('runs every step of both branches once, with the effects in MongoDB, the SMTP sink and the receiver', async () => {
    const repos = await actionRepositories(mongo);
    // Fresh database: the pool's users get ids 1 and 2, as the program names them.
    const first = await repos.users.create({
      username: 'rep-1',
      role: 'editor',
      password_hash: 'x',
      email: 'rep1@sales.example',
    });
    const second = await repos.users.create({
      username: 'rep-2',
      role: 'editor',
      password_hash: 'x',
      email: 'rep2@sales.example',
    });
    expect([first.id, second.id]).toEqual([1, 2]);
    const clicked = await repos.leads.create({ first_name: 'Grace', email: 'grace@lead.example' });
    const quiet = await repos.leads.create({ first_name: 'Alan', email: 'alan@lead.example' });

    const program = compiled();
    const outcomes = new Map<string, QualificationProgress>();
    const activities: QualificationActivities = {
      ...createActionActivities({
        ...repos,
        mailer,
        outbound: {
          policy: { allowPrivateHosts: config.OUTBOUND_ALLOW_PRIVATE_HOSTS },
          secret: config.WEBHOOK_SECRET,
        },
      }),
      loadProgram: () => Promise.resolve(program),
      loadPrograms: (versions) => Promise.resolve(versions.map(() => program)),
      // The branch's fact, decided per lead: the clicked lead goes "then", the quiet one "else".
      evaluateCondition: (leadId) => Promise.resolve(leadId === clicked.id),
      recordOutcome: (workflowId, progress) => {
        outcomes.set(workflowId, progress);
        return Promise.resolve();
      },
    };
    hooks.respondWith.push(503);
    const worker = await createTemporalWorker({
      connection: workerConnection,
      config,
      workflowsPath: require.resolve('../../temporal/workflows'),
      activities,
    });
    const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    const suffix = randomBytes(4).toString('hex');
    const results = await worker.runUntil(
      Promise.all(
        [clicked, quiet].map((lead) => {
          const input: QualificationInput = {
            definition_id: DEFINITION_ID,
            version: 1,
            lead_id: lead.id,
            event_id: `manual-${suffix}`,
          };
          return client.workflow.execute(qualificationWorkflow, {
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowId: `qualification-${DEFINITION_ID}-lead-${lead.id}-${suffix}`,
            args: [input],
          });
        }),
      ),
    );

    expect(results.map((result) => result.status)).toEqual(['completed', 'completed']);
    expect(results.map((result) => result.steps.map((step) => step.outcome))).toEqual([
      ['completed', 'completed', 'completed', 'completed', 'completed', 'completed'],
      ['completed', 'completed', 'completed', 'completed', 'completed', 'completed'],
    ]);
    expect(outcomes.size).toBe(2);

    const [clickedNow, quietNow] = await repos.leads.findByIds([clicked.id, quiet.id]);
    expect(new Set([clickedNow?.owner_id, quietNow?.owner_id])).toEqual(new Set([1, 2]));
    expect(clickedNow?.qualification_stage).toBe('hot');
    expect(quietNow?.qualification_stage).toBe('unqualified');

    expect(await repos.tasks.forLead(clicked.id)).toEqual([
      expect.objectContaining({ title: 'Call now', priority: 'urgent', assignee_id: clickedNow?.owner_id }),
    ]);
    expect(await repos.tasks.forLead(quiet.id)).toEqual([]);
    expect((await repos.campaigns.members('nurture-q4')).map((member) => member.lead_id)).toEqual([quiet.id]);

    expect(smtp.messages.map((mail) => mail.to[0]).sort()).toEqual([
      'rep1@sales.example',
      'rep2@sales.example',
    ]);
    expect(smtp.messages.find((mail) => mail.raw.includes('Subject: New hot lead: Grace'))).toBeDefined();

    // One delivery, tried twice: the 503 and the retry that succeeded, under one delivery id.
    expect(hooks.calls).toHaveLength(2);
    expect(hooks.calls[0]?.headers['x-leadflow-delivery']).toBe(
      hooks.calls[1]?.headers['x-leadflow-delivery'],
    );
    expect(JSON.parse(hooks.calls[1]!.body)).toMatchObject({ lead: { id: quiet.id } });

    for (const lead of [clicked, quiet]) {
      const notes = await repos.notifications.forLead(lead.id);
      expect(notes.map((note) => note.message)).toEqual([`Playbook done for ${lead.first_name ?? ''}`]);
    }
  });
});
