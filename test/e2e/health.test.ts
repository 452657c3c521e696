import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/create-app';
import { createTestContext, startPrivateRedis, type PrivateRedis } from '@leadflow/test-harness';

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls until `predicate` holds; the health client reconnects in the background, on its own schedule. */
async function eventually<T>(
  probe: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /api/health against the real services', () => {
  let app: INestApplication;
  let base: string;
  let redis: PrivateRedis;

  beforeAll(async () => {
    // Its own Redis, since this test stops it while other test files use the shared one.
    redis = await startPrivateRedis();
    app = await createApp(createTestContext({ REDIS_URL: redis.url }).config);
    base = await listen(app);
  });

  afterAll(async () => {
    await app.close();
    await redis.dispose();
  });

  it('is 200 with mongo, redis and temporal up', async () => {
    const { status, body } = await getJson(`${base}/api/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      down: [],
      checks: { mongo: { status: 'up' }, redis: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('answers with or without the trailing slash', async () => {
    expect((await fetch(`${base}/api/health/`)).status).toBe(200);
  });

  it('is 503 naming redis while Redis is stopped, and 200 again once it is back', async () => {
    await redis.stop();
    const whileDown = await eventually(
      () => getJson(`${base}/api/health`),
      (r) => r.status === 503,
    );
    expect(whileDown.status).toBe(503);
    expect(whileDown.body).toMatchObject({
      status: 'unavailable',
      down: ['redis'],
      checks: { redis: { status: 'down' }, mongo: { status: 'up' }, temporal: { status: 'up' } },
    });

    await redis.start();
    const afterRestart = await eventually(
      () => getJson(`${base}/api/health`),
      (r) => r.status === 200,
    );
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body).toMatchObject({ status: 'ok', down: [] });
  });

  it('starts while Temporal does not answer, and says so: 503 naming temporal', async () => {
    // A port nobody listens on: the API connects to Temporal on first use, so it starts all the same.
    const { config } = createTestContext({ REDIS_URL: redis.url, TEMPORAL_ADDRESS: '127.0.0.1:1' });
    const alone = await createApp(config);
    try {
      const aloneBase = await listen(alone);
      const { status, body } = await getJson(`${aloneBase}/api/health`);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        down: ['temporal'],
        checks: { mongo: { status: 'up' }, redis: { status: 'up' }, temporal: { status: 'down' } },
      });
    } finally {
      await alone.close();
    }
  });

  it('serves a valid OpenAPI 3 document and the Swagger UI', async () => {
    const { status, body } = await getJson(`${base}/api/docs-json`);
    expect(status).toBe(200);
    expect(String(body.openapi)).toMatch(/^3\./);
    expect(Object.keys(body.paths as object)).toContain('/api/health');
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers unknown routes and malformed JSON with the one error shape', async () => {
    const missing = await getJson(`${base}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status_code: 404, error: 'Not Found', errors: [] });

    const malformed = await fetch(`${base}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"lead_id": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ status_code: 400, error: 'Bad Request' });
  });

  it('refuses $-keys and prototype keys in bodies and query strings with a 400 listing each one', async () => {
    const response = await fetch(`${base}/api/health?$where=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lead_id: { $ne: null }, nested: [{ $gt: 1 }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { field: string; code: string }[] };
    expect(body.errors.map((error) => error.field).sort()).toEqual(['$where', 'lead_id.$ne', 'nested.0.$gt']);
    expect(body.errors.every((error) => error.code === 'FORBIDDEN_KEY')).toBe(true);
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await fetch(`${base}/api/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await fetch(`${base}/api/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
