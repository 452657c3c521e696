import { reserveToken, type TokenBucketState } from './rate-limiter';

describe('reserveToken', () => {
  const limit = { requestsPerSecond: 10, burst: 2 };

  it('lets a burst through, then spaces callers by 1/rate in the order they asked', () => {
    let state: TokenBucketState = { tokens: 2, updatedAt: 0 };
    const waits: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      const reserved = reserveToken(state, 0, limit);
      state = reserved.state;
      waits.push(reserved.waitMs);
    }
    expect(waits).toEqual([0, 0, 100, 200, 300]);
  });

  it('refills with time, never above the burst', () => {
    const empty: TokenBucketState = { tokens: 0, updatedAt: 0 };
    expect(reserveToken(empty, 50, limit).waitMs).toBe(50);
    expect(reserveToken(empty, 100, limit).waitMs).toBe(0);
    expect(reserveToken(empty, 60_000, limit).state.tokens).toBe(1);
  });

  it('uses a burst of 1 by default', () => {
    const full: TokenBucketState = { tokens: 1, updatedAt: 0 };
    const first = reserveToken(full, 0, { requestsPerSecond: 4 });
    expect(first.waitMs).toBe(0);
    expect(reserveToken(first.state, 0, { requestsPerSecond: 4 }).waitMs).toBe(250);
  });
});
