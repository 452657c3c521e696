import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const LEAD = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

/** Ids in a body must name something that exists: an owner_id of nobody is a 400 naming the field. */
describe('references checked when saved', () => {
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;
  let userId: number;

  beforeAll(async () => {
    [app, base, admin] = await startApi(createTestContext().config, 'admin');
    const user = await callApi(base, 'POST', '/api/users/', admin, {
      username: 'sales-owner',
      password: 'a long enough password',
      role: 'editor',
    });
    userId = user.body.id as number;
  });

  afterAll(async () => {
    await app.close();
  });

  const NO_SUCH_OWNER = {
    field: 'owner_id',
    code: 'userExists',
    message: 'owner_id 987654 is not the id of an existing user',
  };

  it('refuses an owner_id of no user on create, update and import, and takes an existing one', async () => {
    const refused = await callApi(base, 'POST', '/api/leads/', admin, { ...LEAD, owner_id: 987654 });
    expect(refused).toMatchObject({ status: 400, body: { errors: [NO_SUCH_OWNER] } });

    const created = await callApi(base, 'POST', '/api/leads/', admin, { ...LEAD, owner_id: userId });
    expect(created).toMatchObject({ status: 201, body: { owner_id: userId } });
    const patched = await callApi(base, 'PATCH', `/api/leads/${created.body.id}/`, admin, {
      owner_id: 987654,
    });
    expect(patched).toMatchObject({ status: 400, body: { errors: [NO_SUCH_OWNER] } });
    expect(
      (await callApi(base, 'PATCH', `/api/leads/${created.body.id}/`, admin, { owner_id: null })).status,
    ).toBe(200);

    const imported = await callApi(base, 'POST', '/api/leads/import/', admin, [
      { ...LEAD, email: 'b@example.com', owner_id: userId },
      { ...LEAD, email: 'c@example.com', owner_id: 987654 },
    ]);
    expect(imported).toMatchObject({
      status: 200,
      body: { created: 1, failed: 1, errors: [{ row: 2, errors: [NO_SUCH_OWNER] }] },
    });
  });

  /** A webhook workflow pointing at `url`, saved through the API. */
  const webhookAt = (url: string) =>
    callApi(base, 'POST', '/api/lead-qualification/workflows/', admin, {
      name: `Hook ${url}`,
      trigger_type: 'manual',
      action_type: 'webhook',
      action_config: { url },
    });

  it.each([
    ['loopback', 'http://127.0.0.1/hook'],
    ['loopback in decimal', 'http://2130706433/hook'],
    ['loopback in hex', 'http://0x7f000001/hook'],
    ['loopback in octal', 'http://0177.0.0.1/hook'],
    ['private', 'http://10.1.2.3/hook'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['a refused scheme', 'file:///etc/passwd'],
  ])('refuses a webhook at %s when the workflow is saved, naming the field', async (_what, url) => {
    const reply = await webhookAt(url);
    expect(reply.status).toBe(400);
    // The DSL refuses a scheme it does not know before the address check; either names the field.
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'action_config.url' })]);
  });

  it('saves a webhook at a public name (its addresses are checked again when it is sent)', async () => {
    expect((await webhookAt('https://hooks.example.com/crm')).status).toBe(201);
  });

  it('refuses users that do not exist in any action of a workflow, branches included, naming each', async () => {
    const reply = await callApi(base, 'POST', '/api/lead-qualification/workflows/', admin, {
      name: 'Route and tell',
      trigger_type: 'manual',
      steps: [
        { action: 'assign_owner', config: { round_robin: [userId, 987_654] } },
        {
          branch: {
            if: { all: [{ field: 'industry', operator: 'equals', value: 'SaaS' }] },
            then: [{ action: 'send_notification', config: { message: 'SaaS lead', user_id: 987_655 } }],
          },
        },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([
      { field: 'steps.0.config.round_robin.1', code: 'NOT_FOUND', message: 'user 987654 does not exist' },
      {
        field: 'steps.1.branch.then.0.config.user_id',
        code: 'NOT_FOUND',
        message: 'user 987655 does not exist',
      },
    ]);
    const saved = await callApi(base, 'POST', '/api/lead-qualification/workflows/', admin, {
      name: 'Route to an owner',
      trigger_type: 'manual',
      action_type: 'assign_owner',
      action_config: { owner_id: userId },
    });
    expect(saved.status).toBe(201);
  });
});
