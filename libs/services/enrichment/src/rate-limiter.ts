import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** At most `requestsPerSecond` on average, with bursts of up to `burst` requests (default 1). */
export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

export interface SlotReservation {
  /** The limit's new theoretical arrival time (ms): what the next caller's reservation starts from. */
  tat: number;
  /** How long this caller waits before sending (0: at once). */
  waitMs: number;
}

/**
 * Reserves one request's slot by the generic cell rate algorithm at time `now` (ms). The whole state is one
 * number, `tat` (null: never used, or long enough ago to count as full): each request moves it one interval
 * (1000 / rate ms) on, and a request may go as soon as `tat` is at most `burst - 1` intervals ahead of now.
 * A caller that must wait keeps its reservation, so callers are served in the order they asked without a
 * queue. The same arithmetic runs inside Redis (RESERVE_SLOT_SCRIPT), where every process shares it. Pure.
 */
export function reserveSlot(tat: number | null, now: number, limit: RateLimit): SlotReservation {
  const interval = 1000 / limit.requestsPerSecond;
  const tolerance = (Math.max(1, limit.burst ?? 1) - 1) * interval;
  const start = Math.max(tat ?? now, now);
  return { tat: start + interval, waitMs: Math.ceil(Math.max(0, start - tolerance - now)) };
}

/**
 * reserveSlot, run atomically in Redis on the key of one provider, with Redis's own clock (TIME), so that
 * neither the processes' clocks nor their number matter. The key expires once its `tat` has passed, which is
 * when reserveSlot would treat it as absent anyway. KEYS[1]: the provider's key; ARGV: interval ms, burst.
 * Returns the wait in whole ms.
 */
export const RESERVE_SLOT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local interval = tonumber(ARGV[1])
local tolerance = (math.max(1, tonumber(ARGV[2])) - 1) * interval
local start = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local tat = start + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
return math.ceil(math.max(0, start - tolerance - now))
`;
const RESERVE_SLOT_SHA = createHash('sha1').update(RESERVE_SLOT_SCRIPT).digest('hex');

export interface RateLimiter {
  /** Reserves the caller's slot and says how many ms it must wait before sending (0: at once). */
  reserve(): Promise<number>;
  /** Reserves a slot and resolves when the caller may send its request. */
  acquire(): Promise<void>;
}

/** Builds the limiter of one provider; every process asking for the same source shares one limit. */
export type RateLimiterFactory = (source: string, limit: RateLimit) => RateLimiter;

/** Where a source's limit lives: under the deployment's prefix, beside its Bull queues. */
export function rateLimitKey(prefix: string, source: string): string {
  return `${prefix}:rate-limit:${source}`;
}

async function runReserveScript(redis: Redis, key: string, limit: RateLimit): Promise<number> {
  const args = [key, 1000 / limit.requestsPerSecond, Math.max(1, limit.burst ?? 1)];
  try {
    return Number(await redis.evalsha(RESERVE_SLOT_SHA, 1, ...args));
  } catch (error) {
    // Redis forgets scripts on a restart (and never saw this one on a fresh server): send it whole once.
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return Number(await redis.eval(RESERVE_SLOT_SCRIPT, 1, ...args));
  }
}

/**
 * A limit shared by every process that uses the same Redis and key: N workers together send at most the
 * configured rate, not N times it. A caller waits in its own process for the slot Redis gave it.
 */
export function createRedisRateLimiter(redis: Redis, key: string, limit: RateLimit): RateLimiter {
  if (!(limit.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be greater than 0');
  const reserve = () => runReserveScript(redis, key, limit);
  return {
    reserve,
    async acquire() {
      const waitMs = await reserve();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    },
  };
}

/** Redis-backed limiters of one deployment: one key per source under `prefix`. */
export function redisRateLimiters(redis: Redis, prefix: string): RateLimiterFactory {
  return (source, limit) => createRedisRateLimiter(redis, rateLimitKey(prefix, source), limit);
}
