import type { Connection } from 'mongoose';
import { connectMongo } from '@leadflow/persistence';
import { createActionActivities, createSmtpMailer } from '@leadflow/temporal/activities';
import type { ActionRequest, ActionResult } from '@leadflow/temporal/contracts/qualification';
import { createTestContext } from '@leadflow/test-harness';
import { type ActionRepositories, actionRepositories } from '../fixtures/action-repositories';

/** The outcome's workflow door: change_status to won/lost and update_field on `outcome`, on real storage. */
describe('outcomes set by workflow actions', () => {
  const NOW = new Date('2026-03-02T10:00:00Z');
  let connection: Connection;
  let repos: ActionRepositories;
  let mailer: ReturnType<typeof createSmtpMailer>;
  let runAction: (request: ActionRequest) => Promise<ActionResult>;
  let seq = 0;

  beforeAll(async () => {
    const { config } = createTestContext();
    connection = await connectMongo(config);
    repos = await actionRepositories(connection);
    mailer = createSmtpMailer(config);
    runAction = createActionActivities({
      ...repos,
      mailer,
      outbound: { policy: { allowPrivateHosts: [] }, secret: config.WEBHOOK_SECRET },
      clock: () => NOW,
    }).runAction;
  });

  afterAll(async () => {
    mailer.close();
    await connection.dropDatabase();
    await connection.close();
  });

  const request = (leadId: number, action_type: string, config: unknown): ActionRequest => {
    seq += 1;
    return {
      workflow_id: `qualification-1-lead-${leadId}-e${seq}`,
      step_id: 's1',
      lead_id: leadId,
      action_type,
      config,
    } as ActionRequest;
  };

  const newLead = () => repos.leads.create({ email: `lead-${seq++}@example.com`, status: 'new' });

  it('change_status to won marks the outcome once, and again finds it set', async () => {
    const lead = await newLead();
    const result = await runAction(request(lead.id, 'change_status', { status: 'Won' }));
    expect(result.summary).toBe('status changed from new to Won; outcome won');
    expect(await repos.leads.findById(lead.id)).toMatchObject({
      status: 'Won',
      outcome: 'won',
      outcome_at: NOW,
    });
    await runAction(request(lead.id, 'change_status', { status: 'won' }));
    const history = await repos.leads.outcomeHistory(lead.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ outcome: 'won', previous_outcome: null, source: 'action' });
  });

  it('change_status to another status leaves the outcome alone', async () => {
    const lead = await newLead();
    await runAction(request(lead.id, 'change_status', { status: 'qualified' }));
    expect((await repos.leads.findById(lead.id))?.outcome).toBeNull();
    expect(await repos.leads.outcomeHistory(lead.id)).toEqual([]);
  });

  it('update_field on outcome sets and clears it, with each change in the history', async () => {
    const lead = await newLead();
    await runAction(request(lead.id, 'update_field', { field: 'outcome', value: 'lost' }));
    expect((await repos.leads.findById(lead.id))?.outcome).toBe('lost');
    await runAction(request(lead.id, 'update_field', { field: 'outcome', value: null }));
    expect((await repos.leads.findById(lead.id))?.outcome).toBeNull();
    const history = await repos.leads.outcomeHistory(lead.id);
    expect(history.map((change) => [change.previous_outcome, change.outcome])).toEqual([
      ['lost', null],
      [null, 'lost'],
    ]);
  });

  it('update_field refuses an outcome other than won, lost or null, as non-retryable', async () => {
    const lead = await newLead();
    await expect(
      runAction(request(lead.id, 'update_field', { field: 'outcome', value: 'maybe' })),
    ).rejects.toMatchObject({ nonRetryable: true, message: expect.stringMatching(/outcome takes/) });
    expect(await repos.leads.outcomeHistory(lead.id)).toEqual([]);
  });
});
