import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, listenOnLoopback, loginAs } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

const LEAD = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

/** Ids in a body must name something that exists: an owner_id of nobody is a 400 naming the field. */
describe('references checked when saved', () => {
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;
  let userId: number;

  beforeAll(async () => {
    app = await createApp(createTestContext().config);
    base = await listenOnLoopback(app);
    admin = await loginAs(base, 'admin');
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
});
