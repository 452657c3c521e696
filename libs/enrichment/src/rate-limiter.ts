/** At most `requestsPerSecond` on average, with bursts of up to `burst` requests (default 1). */
export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

export interface TokenBucketState {
  tokens: number;
  updatedAt: number;
}

/**
 * Takes one token from a token bucket at time `now` (ms). Tokens may go negative: that reserves a place in
 * line, so callers are served in the order they asked without a queue, and `waitMs` says how long this one
 * waits for its token. Pure.
 */
export function reserveToken(
  state: TokenBucketState,
  now: number,
  limit: RateLimit,
): { state: TokenBucketState; waitMs: number } {
  const burst = Math.max(1, limit.burst ?? 1);
  const refilled = Math.min(
    burst,
    state.tokens + (Math.max(0, now - state.updatedAt) * limit.requestsPerSecond) / 1000,
  );
  const tokens = refilled - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / limit.requestsPerSecond);
  return { state: { tokens, updatedAt: now }, waitMs };
}

export interface RateLimiter {
  /** Resolves when the caller may send its request. */
  acquire(): Promise<void>;
}

/** An in-process token bucket (per provider instance: replicas each get their own). */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  if (!(limit.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be greater than 0');
  let state: TokenBucketState = { tokens: Math.max(1, limit.burst ?? 1), updatedAt: now() };
  return {
    acquire() {
      const reserved = reserveToken(state, now(), limit);
      state = reserved.state;
      if (reserved.waitMs === 0) return Promise.resolve();
      return new Promise((resolve) => setTimeout(resolve, reserved.waitMs));
    },
  };
}
