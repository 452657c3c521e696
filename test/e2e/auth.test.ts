import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, listenOnLoopback, loginAs, tokenHeaders } from '@leadflow/test-harness';
import { startApi } from '../harness/api';
import { createApp } from '../../apps/api/src/create-app';

describe('auth: tokens, roles, API keys, users', () => {
  const { config } = createTestContext({ JWT_TTL_SECONDS: '120' });
  let app: INestApplication;
  let base: string;
  let headers: Record<'viewer' | 'editor' | 'admin', Record<string, string>>;

  const call = (method: string, path: string, auth: Record<string, string> = {}, body?: unknown) =>
    callApi(base, method, path, auth, body);

  beforeAll(async () => {
    [app, base] = await startApi(config);
    headers = {
      viewer: await loginAs(base, 'viewer'),
      editor: await loginAs(base, 'editor'),
      admin: await loginAs(base, 'admin'),
    };
  });

  afterAll(async () => {
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('issues a bearer JWT for the seeded admin with the configured lifetime', async () => {
    const { status, body } = await call(
      'POST',
      '/api/auth/token',
      {},
      { username: 'admin', password: 'admin' },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 120 });
    expect(body.access_token.split('.')).toHaveLength(3);
  });

  it("logs Swagger UI's Authorize in: the OAuth2 password flow's form gets a token the API accepts", async () => {
    const document = (await call('GET', '/api/docs-json')).body as {
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.components.securitySchemes['password-login']).toEqual({
      type: 'oauth2',
      flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } },
    });
    // As Swagger UI posts it: a form, with grant_type and an empty scope.
    const login = (form: string) =>
      fetch(`${base}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
    const response = await login('grant_type=password&username=admin&password=admin&scope=');
    expect(response.status).toBe(200);
    const token = (await response.json()) as { access_token: string; token_type: string };
    expect(token.token_type).toBe('Bearer');
    const me = await call('GET', '/api/users/?page_size=1', {
      authorization: `Bearer ${token.access_token}`,
    });
    expect(me.status).toBe(200);
    // Another grant type is not this endpoint's, and a wrong password is refused as with JSON.
    expect((await login('grant_type=client_credentials&username=admin&password=admin')).status).toBe(400);
    expect((await login('grant_type=password&username=admin&password=wrong')).status).toBe(401);
  });

  it('refuses a wrong password or unknown user with 401, and a malformed body with 400 listing each field', async () => {
    expect((await call('POST', '/api/auth/token', {}, { username: 'admin', password: 'nope' })).status).toBe(
      401,
    );
    expect((await call('POST', '/api/auth/token', {}, { username: 'ghost', password: 'admin' })).status).toBe(
      401,
    );
    const bad = await call('POST', '/api/auth/token', {}, { username: 5, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      expect.arrayContaining(['extra', 'password', 'username']),
    );
  });

  it('keeps health public and everything else behind credentials (401 without, 401 with a bad token)', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect((await fetch(`${base}/api/docs-json`)).status).toBe(200);
    const missing = await call('GET', '/api/users/');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status_code: 401, error: 'Unauthorized' });
    expect((await call('GET', '/api/users/', { authorization: 'Bearer not.a.token' })).status).toBe(401);
    expect((await call('GET', '/api/users/', { authorization: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);
    expect((await call('GET', '/api/users/', { 'x-api-key': 'lf_unknown' })).status).toBe(401);
  });

  it('refuses a token signed with another secret', async () => {
    const other = await createApp(
      createTestContext({ JWT_SECRET: 'another-secret-of-sufficient-length' }).config,
    );
    const otherBase = await listenOnLoopback(other);
    try {
      const foreign = await tokenHeaders(otherBase, { username: 'admin', password: 'admin' });
      expect((await call('GET', '/api/users/', foreign)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('lets only admins manage users: 403 for viewer and editor, 200 for admin', async () => {
    for (const role of ['viewer', 'editor'] as const) {
      expect((await call('GET', '/api/users/', headers[role])).status).toBe(403);
      const create = await call('POST', '/api/users/', headers[role], {
        username: `x-${role}`,
        password: 'long enough',
        role: 'viewer',
      });
      expect(create.status).toBe(403);
      expect(create.body).toMatchObject({ status_code: 403, error: 'Forbidden' });
    }
    const list = await call('GET', '/api/users/?page_size=2', headers.admin);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: expect.any(Number), previous: null });
    expect(list.body.count).toBeGreaterThanOrEqual(3);
    expect(list.body.results).toHaveLength(2);
    expect(list.body.next).toContain('page=2');
    expect(list.body.results[0]).not.toHaveProperty('password_hash');
  });

  it('creates, reads, updates and deletes a user; the stored password is a bcrypt hash', async () => {
    const created = await call('POST', '/api/users/', headers.admin, {
      username: 'jane.doe',
      password: 'first passphrase',
      role: 'viewer',
      email: 'jane@example.com',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'jane.doe', role: 'viewer', is_active: true });
    const id = created.body.id as number;

    const db = await connectMongo(config);
    const stored = await db.collection('users').findOne({ id });
    await db.close();
    expect(stored?.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(JSON.stringify(stored)).not.toContain('first passphrase');

    const duplicate = await call('POST', '/api/users/', headers.admin, {
      username: 'jane.doe',
      password: 'whatever123',
      role: 'viewer',
    });
    expect(duplicate.status).toBe(409);

    const jane = await tokenHeaders(base, { username: 'jane.doe', password: 'first passphrase' });
    expect((await call('GET', '/api/health', jane)).status).toBe(200);

    const promoted = await call('PATCH', `/api/users/${id}/`, headers.admin, {
      role: 'admin',
      password: 'second passphrase',
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    // The role is read per request, so the old token now carries admin rights, and the old password is gone.
    expect((await call('GET', '/api/users/', jane)).status).toBe(200);
    expect(
      (await call('POST', '/api/auth/token', {}, { username: 'jane.doe', password: 'first passphrase' }))
        .status,
    ).toBe(401);

    expect((await call('GET', `/api/users/${id}`, headers.admin)).body.username).toBe('jane.doe');
    expect((await call('DELETE', `/api/users/${id}/`, headers.admin)).status).toBe(204);
    expect((await call('GET', `/api/users/${id}`, headers.admin)).status).toBe(404);
    // A deleted user's token stops working at once.
    expect((await call('GET', '/api/health/', jane)).status).toBe(200);
    expect((await call('GET', '/api/users/', jane)).status).toBe(401);
  });

  it('answers 400 for a non-integer id and for invalid user bodies, listing every field', async () => {
    expect((await call('GET', '/api/users/abc', headers.admin)).status).toBe(400);
    const bad = await call('POST', '/api/users/', headers.admin, {
      username: 'has space',
      password: 'short',
      role: 'owner',
      email: 'not-an-email',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      expect.arrayContaining(['email', 'password', 'role', 'username']),
    );
  });

  it('refuses to let the admin delete themselves', async () => {
    const me = (await call('GET', '/api/users/?page_size=500', headers.admin)).body.results.find(
      (user: { username: string }) => user.username === 'admin',
    );
    expect((await call('DELETE', `/api/users/${me.id}`, headers.admin)).status).toBe(409);
  });

  it('creates an API key once, stores only its sha256, and accepts it wherever a token works', async () => {
    expect((await call('POST', '/api/api-keys/', headers.editor, { name: 'nope' })).status).toBe(403);
    const created = await call('POST', '/api/api-keys/', headers.admin, { name: 'CRM sync', role: 'viewer' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(key).toMatch(/^lf_/);
    expect(created.body).toMatchObject({ name: 'CRM sync', role: 'viewer', prefix: key.slice(0, 10) });

    const db = await connectMongo(config);
    const stored = await db.collection('api_keys').findOne({ id: created.body.id });
    await db.close();
    expect(stored?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await call('GET', '/api/api-keys/', headers.admin);
    expect(listed.body.results.find((row: { id: number }) => row.id === created.body.id)).not.toHaveProperty(
      'key',
    );

    // A viewer key reads, and is refused writes and admin routes with 403.
    expect((await call('GET', '/api/health', { 'x-api-key': key })).status).toBe(200);
    expect((await call('GET', '/api/users/', { 'x-api-key': key })).status).toBe(403);

    const adminKey = (await call('POST', '/api/api-keys/', headers.admin, { name: 'ops', role: 'admin' }))
      .body;
    expect((await call('GET', '/api/users/', { 'x-api-key': adminKey.key })).status).toBe(200);

    expect((await call('DELETE', `/api/api-keys/${adminKey.id}`, headers.admin)).status).toBe(204);
    expect((await call('GET', '/api/users/', { 'x-api-key': adminKey.key })).status).toBe(401);
  });
});
