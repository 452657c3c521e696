// The HTTP enrichment provider and the SSRF guard against a real HTTP server on loopback: real sockets, real
// DNS resolution of `localhost`, no mocks of the network. The server speaks Clearbit's Company API shape.
// The rate limiter runs its script in the test Redis, over two connections as two worker processes would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import {
  clearbitConfig,
  createClearbitProvider,
  createHttpProvider,
  createRedisRateLimiter,
  EnrichmentProviderError,
  type HttpProviderConfig,
  type RateLimit,
  rateLimitKey,
  redisRateLimiters,
  reserveSlot,
} from '@leadflow/enrichment';
import {
  guardedFetch,
  OutboundBlockedError,
  OutboundResponseTooLargeError,
  OutboundTimeoutError,
  type OutboundPolicy,
} from '@leadflow/outbound';
import { createTestContext } from '@leadflow/test-harness';
// The Company API sample the unit mapping test uses too, so both speak the same shape.
import COMPANY from '../../libs/services/enrichment/src/fixtures/clearbit-company.json';

const API_KEY = 'sk_test_local';

/** How many requests each path received. What is checked is which requests were made, never when. */
const received = new Map<string, number>();
const hits = (path: string): number => received.get(path) ?? 0;

interface Reply {
  status: number;
  body?: unknown;
  location?: string;
}

/** What the server answers, or null for "answer after 2 s" (the slow endpoint). */
function reply(request: IncomingMessage, url: URL, seen: number): Reply | null {
  const company: Reply = { status: 200, body: COMPANY };
  if (url.pathname.startsWith('/v2/companies/find')) {
    if (request.headers.authorization !== `Bearer ${API_KEY}`) return { status: 401, body: { error: 'key' } };
    if (url.searchParams.get('domain') !== COMPANY.domain) return { status: 404, body: { error: 'unknown' } };
    return company;
  }
  switch (url.pathname) {
    case '/flaky': // 503 twice, then the company
      return seen <= 2 ? { status: 503, body: { error: 'busy' } } : company;
    case '/down':
      return { status: 503, body: { error: 'down' } };
    case '/slow':
      return null;
    case '/redirect-to-metadata':
      return { status: 302, location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' };
    case '/redirect-to-localhost':
      return { status: 307, location: `http://localhost:${port}/v2/companies/find?domain=bluefjord.example` };
    case '/redirect-home':
      return { status: 302, location: `/v2/companies/find?domain=${url.searchParams.get('domain') ?? ''}` };
    case '/loop':
      return { status: 302, location: '/loop' };
    case '/big':
      return { status: 200, body: { padding: 'x'.repeat(64 * 1024) } };
    default:
      return { status: 200, body: { path: url.pathname } };
  }
}

function send(response: ServerResponse, answer: Reply): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (answer.location !== undefined) headers.location = answer.location;
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

function route(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const seen = hits(url.pathname) + 1;
  received.set(url.pathname, seen);
  const answer = reply(request, url, seen);
  if (answer) send(response, answer);
  else
    setTimeout(() => {
      send(response, { status: 200, body: COMPANY });
    }, 2_000).unref();
}

let server: Server;
let port = 0;
let base = '';
let allowed: OutboundPolicy;
const production: OutboundPolicy = { allowPrivateHosts: [] };
const { config } = createTestContext();
/** Two connections to the test Redis: what two worker processes would each have. */
let processA: Redis;
let processB: Redis;

beforeAll(async () => {
  processA = new Redis(config.REDIS_URL);
  processB = new Redis(config.REDIS_URL);
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  allowed = { allowPrivateHosts: [`127.0.0.1:${port}`] };
});

afterAll(async () => {
  const keys = await processA.keys(`${config.REDIS_PREFIX}*`);
  if (keys.length > 0) await processA.del(...keys);
  processA.disconnect();
  processB.disconnect();
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

const provider = (overrides: Partial<HttpProviderConfig> = {}) =>
  createHttpProvider({
    ...clearbitConfig({
      apiKey: API_KEY,
      policy: allowed,
      urlTemplate: `${base}/v2/companies/find?domain={domain}`,
    }),
    ...overrides,
  });

describe('http enrichment provider against a local Clearbit-shaped server', () => {
  it('enriches through the server when 127.0.0.1:<port> is allowed', async () => {
    const clearbit = createClearbitProvider({
      apiKey: API_KEY,
      policy: allowed,
      urlTemplate: `${base}/v2/companies/find?domain={domain}`,
    });
    expect(clearbit.name).toBe('clearbit');
    await expect(
      clearbit.enrich({ email: 'ann@bluefjord.example', title: 'Head of Growth' }),
    ).resolves.toEqual({
      company_revenue: 10_000_000,
      industry: 'Internet Software & Services',
      company_size: '51-250',
      technologies: ['google_analytics', 'hubspot', 'aws_route_53'],
      social_profiles: { twitter: 'bluefjord', linkedin: 'company/bluefjord' },
      job_level: 'senior',
    });
  });

  it('answers the job level only for an unknown company (404), and asks nothing for a free-mail lead', async () => {
    const before = hits('/v2/companies/find');
    await expect(provider().enrich({ email: 'bo@unknown.example', title: 'CTO' })).resolves.toEqual({
      job_level: 'executive',
    });
    await expect(provider().enrich({ email: 'bo@gmail.com' })).resolves.toBeNull();
    expect(hits('/v2/companies/find')).toBe(before + 1);
  });

  it('refuses the same URL without the allowance (SSRF), before any request is sent', async () => {
    const before = hits('/v2/companies/find');
    const refused = provider({ policy: production }).enrich({ email: 'ann@bluefjord.example' });
    await expect(refused).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(refused).rejects.toMatchObject({
      retryable: false,
      reason: expect.stringContaining('loopback'),
    });
    expect(hits('/v2/companies/find')).toBe(before);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const redirected = provider({ urlTemplate: `${base}/redirect-to-metadata?domain={domain}` }).enrich({
      email: 'ann@bluefjord.example',
    });
    await expect(redirected).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(redirected).rejects.toThrow(/169\.254\.169\.254 is metadata/);
  });

  it('follows an allowed redirect and gives up after 3 hops', async () => {
    await expect(
      provider({ urlTemplate: `${base}/redirect-home?domain={domain}` }).enrich({
        email: 'ann@bluefjord.example',
      }),
    ).resolves.toMatchObject({ industry: 'Internet Software & Services' });
    const looping = guardedFetch(`${base}/loop`, {}, allowed);
    await expect(looping).rejects.toMatchObject({ problems: [{ code: 'redirect_limit' }] });
    expect(hits('/loop')).toBe(4);
  });

  it('refuses a DNS name that resolves to 127.0.0.1 when connecting, even with 127.0.0.1:<port> allowed', async () => {
    // The port is allowed too, so the URL passes the static check and only the connect-time lookup refuses it.
    const policy: OutboundPolicy = { ...allowed, allowedPorts: [port] };
    const before = hits('/v2/companies/find');
    const viaName = guardedFetch(
      `http://localhost:${port}/v2/companies/find?domain=bluefjord.example`,
      {},
      policy,
    );
    await expect(viaName).rejects.toBeInstanceOf(OutboundBlockedError);
    await expect(viaName).rejects.toThrow(/localhost resolves to a non-public address/);
    // A redirect to the name is refused the same way, at the hop's own connect.
    await expect(guardedFetch(`${base}/redirect-to-localhost`, {}, policy)).rejects.toThrow(
      /localhost resolves to a non-public address/,
    );
    expect(hits('/v2/companies/find')).toBe(before);
  });

  it('retries on 503, then succeeds', async () => {
    const result = await provider({
      urlTemplate: `${base}/flaky?domain={domain}`,
      retries: 2,
      backoffMs: 30,
    }).enrich({ email: 'ann@bluefjord.example' });
    expect(result).toMatchObject({ company_size: '51-250' });
    // Two 503s, two retries, then the answer; the waits between them are retryDelay's (unit spec).
    expect(hits('/flaky')).toBe(3);
  });

  it('reports a 5xx that outlasts the retries as retryable, and a 4xx as not', async () => {
    const down = provider({ urlTemplate: `${base}/down?domain={domain}`, retries: 1, backoffMs: 5 }).enrich({
      email: 'ann@bluefjord.example',
    });
    await expect(down).rejects.toBeInstanceOf(EnrichmentProviderError);
    await expect(down).rejects.toMatchObject({ status: 503, retryable: true });
    expect(hits('/down')).toBe(2);

    const badKey = createClearbitProvider({
      apiKey: 'wrong',
      policy: allowed,
      urlTemplate: `${base}/v2/companies/find?domain={domain}`,
    }).enrich({ email: 'ann@bluefjord.example' });
    await expect(badKey).rejects.toMatchObject({ status: 401, retryable: false });
  });

  it('turns a slow answer into an OutboundTimeoutError after retrying it', async () => {
    const slow = provider({
      urlTemplate: `${base}/slow?domain={domain}`,
      timeoutMs: 150,
      retries: 1,
      backoffMs: 5,
    }).enrich({ email: 'ann@bluefjord.example' });
    await expect(slow).rejects.toBeInstanceOf(OutboundTimeoutError);
    await expect(slow).rejects.toMatchObject({ retryable: true, timeoutMs: 150 });
    expect(hits('/slow')).toBe(2);
  });

  it('caps the response size', async () => {
    await expect(guardedFetch(`${base}/big`, { maxResponseBytes: 1024 }, allowed)).rejects.toBeInstanceOf(
      OutboundResponseTooLargeError,
    );
  });
});

describe('rate limit per source, shared by every process through Redis', () => {
  // One slot per 1,000 s: the test runs in a moment of that, so each wait is a whole number of intervals.
  const slow = (burst: number): RateLimit => ({ requestsPerSecond: 0.001, burst });
  const INTERVAL_MS = 1_000_000;
  const intervals = (waits: readonly number[]) => waits.map((wait) => Math.round(wait / INTERVAL_MS));

  it('gives two processes one budget: a burst of 3 in all, then one slot per interval in the order asked', async () => {
    const key = rateLimitKey(config.REDIS_PREFIX, 'shared');
    const inA = createRedisRateLimiter(processA, key, slow(3));
    const inB = createRedisRateLimiter(processB, key, slow(3));
    const waits = await Promise.all(
      [inA, inB, inA, inB, inA, inB, inA, inB].map((limiter) => limiter.reserve()),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    // What reserveSlot gives eight callers at one instant: Redis runs the same arithmetic on its own clock.
    let tat: number | null = null;
    const pure = Array.from({ length: 8 }, () => {
      const reserved = reserveSlot(tat, 0, slow(3));
      tat = reserved.tat;
      return reserved.waitMs;
    });
    expect(intervals([...waits].sort((a, b) => a - b))).toEqual(intervals(pure));
    expect(intervals(pure)).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
  });

  it('keeps sources apart, and deployments apart by their prefix', async () => {
    const limiters = redisRateLimiters(processA, config.REDIS_PREFIX);
    const otherDeployment = redisRateLimiters(processB, `${config.REDIS_PREFIX}-other`);
    expect(await limiters('apart-a', slow(1)).reserve()).toBe(0);
    expect(await limiters('apart-b', slow(1)).reserve()).toBe(0);
    expect(await otherDeployment('apart-a', slow(1)).reserve()).toBe(0);
    expect(intervals([await limiters('apart-a', slow(1)).reserve()])).toEqual([1]);
  });

  it('charges every attempt of the provider, retries included, to its source', async () => {
    const before = hits('/down');
    const down = provider({
      urlTemplate: `${base}/down?domain={domain}`,
      retries: 1,
      backoffMs: 5,
      rateLimiter: redisRateLimiters(processA, config.REDIS_PREFIX)('down', slow(2)),
    }).enrich({ email: 'ann@bluefjord.example' });
    await expect(down).rejects.toMatchObject({ status: 503 });
    expect(hits('/down') - before).toBe(2);
    // The two attempts used the burst of 2: another process asking next is told to wait one interval.
    const next = await redisRateLimiters(processB, config.REDIS_PREFIX)('down', slow(2)).reserve();
    expect(intervals([next])).toEqual([1]);
  });
});
