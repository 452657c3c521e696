import type { INestApplication } from '@nestjs/common';
import {
  callApi,
  createTestContext,
  listenOnLoopback,
  loginAs,
  type PrivateMongo,
  startPrivateMongo,
  until,
} from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

/** A reply with the one header this file is about. */
interface UnavailableReply {
  status: number;
  retryAfter: string | null;
  body: unknown;
}

async function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<UnavailableReply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as unknown) : null,
  };
}

const NAMED = {
  status: 503,
  retryAfter: '5',
  body: {
    status_code: 503,
    error: 'Service Unavailable',
    message: 'The storage server (MongoDB) is unavailable; try again shortly',
    errors: [{ field: '', code: 'STORAGE_UNAVAILABLE', message: 'storage is unreachable' }],
  },
};

const ANONYMOUS = {
  status: 503,
  retryAfter: '5',
  body: {
    status_code: 503,
    error: 'Service Unavailable',
    message: 'A service the API depends on is unavailable; try again shortly',
    errors: [{ field: '', code: 'DEPENDENCY_UNAVAILABLE', message: 'a dependency is unavailable' }],
  },
};

/**
 * The storage server stopped under a running API: every route class (login, token and API-key
 * authentication, reads, writes, calculate, health) answers 503 with Retry-After instead of 500, naming the
 * storage server to authenticated callers only, and everything works again once it is back, with no
 * restart. The server is this file's own, since it is stopped.
 */
describe('every route while the storage server is down', () => {
  let mongo: PrivateMongo;
  let app: INestApplication;
  let base: string;
  let admin: Record<string, string>;
  let apiKey: Record<string, string>;
  let leadId: number;

  beforeAll(async () => {
    mongo = await startPrivateMongo();
    app = await createApp(
      createTestContext({ MONGO_URL: mongo.url, DEPENDENCY_TIMEOUT_MS: '1000', RETRY_AFTER_SECONDS: '5' })
        .config,
    );
    base = await listenOnLoopback(app);
    admin = await loginAs(base, 'admin');
    const created = await callApi(base, 'POST', '/api/leads/', admin, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      company: 'Analytical',
    });
    expect(created.status).toBe(201);
    leadId = created.body.id as number;
    const key = await callApi(base, 'POST', '/api/api-keys/', admin, { name: 'ci', role: 'editor' });
    expect(key.status).toBe(201);
    apiKey = { 'x-api-key': key.body.key as string };
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await mongo.dispose();
  });

  it('answers 503 with Retry-After on every route class, then recovers without a restart', async () => {
    const readLead = () => send(base, 'GET', `/api/leads/${leadId}/`, admin);
    expect((await readLead()).status).toBe(200);

    await mongo.stop();
    // The driver notices the loss on its own schedule; from then on every call is a 503.
    expect(
      await until(readLead, (reply) => reply.status !== 200, { what: 'a read to fail with storage down' }),
    ).toEqual(NAMED);

    expect(
      await send(base, 'POST', '/api/leads/', admin, { first_name: 'B', last_name: 'C', email: 'b@c.io' }),
    ).toEqual(NAMED);
    expect(
      await send(base, 'POST', '/api/lead-qualification/lead-scores/calculate/', admin, { lead_id: leadId }),
    ).toEqual(NAMED);
    expect(await send(base, 'GET', '/api/lead-qualification/scoring-rules/', admin)).toEqual(NAMED);
    // An import that could store no row answers the 503 and, as checked after the restart, stored nothing.
    const rows = [1, 2, 3].map((n) => ({
      first_name: `R${n}`,
      last_name: 'Row',
      email: `r${n}@example.com`,
    }));
    expect(await send(base, 'POST', '/api/leads/import/', admin, rows)).toEqual(NAMED);
    // Login and both kinds of credentials need the users, so they cannot be checked: the caller is
    // anonymous and hears only that a dependency is down.
    expect(await send(base, 'POST', '/api/auth/token', {}, { username: 'admin', password: 'admin' })).toEqual(
      ANONYMOUS,
    );
    expect(await send(base, 'GET', `/api/leads/${leadId}/`, apiKey)).toEqual(ANONYMOUS);

    const anonymousHealth = await send(base, 'GET', '/api/health', {});
    expect(anonymousHealth).toMatchObject({
      status: 503,
      retryAfter: '5',
      body: { status: 'unavailable', down: ['mongo'], checks: { mongo: { status: 'down' } } },
    });
    expect(anonymousHealth.body).not.toHaveProperty('checks.mongo.error');
    // The admin's token is verified without the users collection, so the admin still sees why.
    expect(await send(base, 'GET', '/api/health', admin)).toMatchObject({
      status: 503,
      body: { down: ['mongo'], checks: { mongo: { status: 'down', error: expect.any(String) as unknown } } },
    });

    await mongo.start();
    expect(
      await until(readLead, (reply) => reply.status === 200, { what: 'a read to work with storage back' }),
    ).toMatchObject({ status: 200, body: { id: leadId } });
    expect((await send(base, 'GET', `/api/leads/${leadId}/`, apiKey)).status).toBe(200);
    expect((await send(base, 'GET', '/api/leads/', admin)).body).toMatchObject({ count: 1 });
    expect(
      (await send(base, 'POST', '/api/auth/token', {}, { username: 'admin', password: 'admin' })).status,
    ).toBe(200);
    expect((await send(base, 'GET', '/api/health', {})).status).toBe(200);
  }, 120_000);
});
