import { bulkBudget, bulkClaimSize, pacedAfter } from './workflow-start-relay.service';

describe('bulk start pacing', () => {
  const rate = 8;

  it('builds a budget with time, up to two seconds of it', () => {
    expect(bulkBudget(10_000, 10_000, rate)).toBe(0);
    expect(bulkBudget(10_500, 10_000, rate)).toBe(4);
    // Idle for a minute: no burst beyond two seconds' worth.
    expect(bulkBudget(70_000, 10_000, rate)).toBe(16);
  });

  it('claims nothing until a full claim has built up, then what the budget allows, at most a batch', () => {
    expect(bulkClaimSize(15, rate, 64)).toBe(0);
    expect(bulkClaimSize(16, rate, 64)).toBe(16);
    // A fast pace claims a batch at a time.
    expect(bulkClaimSize(100, 200, 64)).toBe(64);
    expect(bulkClaimSize(63, 200, 64)).toBe(0);
    // A pace under one run per claim still claims one.
    expect(bulkClaimSize(1, 0.2, 64)).toBe(1);
  });

  it('uses the budget by the runs it started', () => {
    const after = pacedAfter(20_000, 0, rate, 16);
    expect(after).toBe(20_000);
    expect(bulkBudget(20_000, after, rate)).toBe(0);
    expect(bulkBudget(21_000, after, rate)).toBe(8);
  });
});
