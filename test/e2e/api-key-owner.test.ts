import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, tokenHeaders } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

/**
 * An API key acts with the lesser of its own role and its owner's role at the time of each request: an
 * admin's admin key follows that admin down to viewer, dies with deactivation and deletion, and comes back
 * with re-activation. Admins see every key with its owner, the role it acts with and its last use, and can
 * revoke any of them.
 */
describe("API keys carry their owner's current rights", () => {
  let app: INestApplication;
  let base: string;
  let root: Record<string, string>;

  beforeAll(async () => {
    [app, base, root] = await startApi(createTestContext().config, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  it('follows its owner through downgrade, deactivation, re-activation and deletion', async () => {
    const owner = { username: 'key-owner', password: 'a long enough password' };
    const created = await callApi(base, 'POST', '/api/users/', root, { ...owner, role: 'admin' });
    expect(created.status).toBe(201);
    const ownerId = created.body.id as number;
    const ownerHeaders = await tokenHeaders(base, owner);
    const key = await callApi(base, 'POST', '/api/api-keys/', ownerHeaders, { name: 'ci', role: 'admin' });
    expect(key.status).toBe(201);
    const withKey = { 'x-api-key': key.body.key as string };
    const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, withKey, body);
    const newUser = (name: string) => ({ username: name, password: 'another long password', role: 'admin' });
    const changeOwner = async (changes: Record<string, unknown>): Promise<void> => {
      expect((await callApi(base, 'PATCH', `/api/users/${ownerId}/`, root, changes)).status).toBe(200);
    };

    // As given: an admin's admin key may create an admin.
    expect((await call('POST', '/api/users/', newUser('made-by-key-1'))).status).toBe(201);

    // Owner downgraded to viewer: the key reads, and writes nothing.
    await changeOwner({ role: 'viewer' });
    expect((await call('GET', '/api/leads/')).status).toBe(200);
    expect((await call('POST', '/api/users/', newUser('made-by-key-2'))).status).toBe(403);
    expect(
      (await call('POST', '/api/leads/', { first_name: 'A', last_name: 'B', email: 'a@b.io' })).status,
    ).toBe(403);

    // Owner deactivated: the key is refused outright.
    await changeOwner({ is_active: false });
    expect((await call('GET', '/api/leads/')).status).toBe(401);

    // Re-activated as admin: the key is an admin key again.
    await changeOwner({ is_active: true, role: 'admin' });
    expect((await call('POST', '/api/users/', newUser('made-by-key-3'))).status).toBe(201);

    const listed = await callApi(base, 'GET', '/api/api-keys/', root);
    expect(listed.body.results).toContainEqual(
      expect.objectContaining({
        id: key.body.id,
        role: 'admin',
        effective_role: 'admin',
        created_by: ownerId,
        owner_username: owner.username,
        last_used_at: expect.any(String) as unknown,
      }),
    );

    // Owner deleted: refused, and listed as acting with no role.
    expect((await callApi(base, 'DELETE', `/api/users/${ownerId}/`, root)).status).toBe(204);
    expect((await call('GET', '/api/leads/')).status).toBe(401);
    expect((await callApi(base, 'GET', '/api/api-keys/', root)).body.results).toContainEqual(
      expect.objectContaining({ id: key.body.id, effective_role: null, owner_username: null }),
    );
  });

  it("lets an admin list and revoke another admin's key", async () => {
    const other = { username: 'other-admin', password: 'a long enough password' };
    expect((await callApi(base, 'POST', '/api/users/', root, { ...other, role: 'admin' })).status).toBe(201);
    const key = await callApi(base, 'POST', '/api/api-keys/', await tokenHeaders(base, other), {
      name: 'other',
      role: 'editor',
    });
    const withKey = { 'x-api-key': key.body.key as string };
    expect((await callApi(base, 'GET', '/api/leads/', withKey)).status).toBe(200);
    expect((await callApi(base, 'GET', '/api/api-keys/', root)).body.results).toContainEqual(
      expect.objectContaining({ id: key.body.id, owner_username: other.username, effective_role: 'editor' }),
    );
    expect((await callApi(base, 'DELETE', `/api/api-keys/${key.body.id}/`, root)).status).toBe(204);
    expect((await callApi(base, 'GET', '/api/leads/', withKey)).status).toBe(401);
  });
});
