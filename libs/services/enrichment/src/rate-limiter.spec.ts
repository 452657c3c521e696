import { rateLimitKey, reserveSlot } from './rate-limiter';

/** The waits of `count` callers asking at the given times (ms), one after another. */
function waits(
  times: readonly number[],
  limit: Parameters<typeof reserveSlot>[2],
  tat: number | null = null,
) {
  let state = tat;
  return times.map((now) => {
    const reserved = reserveSlot(state, now, limit);
    state = reserved.tat;
    return reserved.waitMs;
  });
}

describe('reserveSlot', () => {
  const limit = { requestsPerSecond: 10, burst: 2 };

  it('lets a burst through, then spaces callers by 1/rate in the order they asked', () => {
    expect(waits([0, 0, 0, 0, 0], limit)).toEqual([0, 0, 100, 200, 300]);
  });

  it('counts the time that passed: a caller later in the line waits less', () => {
    expect(waits([0, 0, 50, 150], limit)).toEqual([0, 0, 50, 50]);
  });

  it('refills with time, never above the burst', () => {
    // Two slots taken at 0: the next one frees up at 100.
    expect(reserveSlot(200, 50, limit).waitMs).toBe(50);
    expect(reserveSlot(200, 100, limit).waitMs).toBe(0);
    // A minute idle is a full burst, no more: two go at once, the third waits an interval.
    expect(waits([60_000, 60_000, 60_000], limit, 200)).toEqual([0, 0, 100]);
  });

  it('uses a burst of 1 by default, and rounds a fractional interval up', () => {
    expect(waits([0, 0, 0], { requestsPerSecond: 4 })).toEqual([0, 250, 500]);
    expect(waits([0, 0], { requestsPerSecond: 3 })).toEqual([0, 334]);
  });

  it('keeps a reservation once made: the state moves one interval per caller, waiting or not', () => {
    expect(reserveSlot(null, 1_000, limit)).toEqual({ tat: 1_100, waitMs: 0 });
    expect(reserveSlot(1_300, 1_000, limit)).toEqual({ tat: 1_400, waitMs: 200 });
  });
});

describe('rateLimitKey', () => {
  it('puts each source under the deployment prefix', () => {
    expect(rateLimitKey('leadflow', 'clearbit')).toBe('leadflow:rate-limit:clearbit');
  });
});
