/**
 * Confidence intervals for win rates and lifts. Closed forms, so the same counts give the same figures on
 * every machine, and each can be checked by hand.
 */

/** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  /** null: unbounded (a lift over a group that never won) */
  high: number | null;
}

export interface Rate extends Interval {
  /** wins / total; 0 when total is 0 */
  rate: number;
  wins: number;
  total: number;
}

/** The Wilson score interval of a proportion (Wilson 1927): well-behaved at 0, 1 and small samples. */
export function wilson(wins: number, total: number, z = Z_95): Rate {
  if (total === 0) return { rate: 0, wins, total, low: 0, high: 1 };
  const p = wins / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return { rate: p, wins, total, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The interval of a ratio of two proportions p1/p2 by MOVER-R (Donner & Zou 2012), built from the Wilson
 * intervals of each: better coverage than the log (Katz) interval at small counts, and defined at p1 = 0.
 * null when p2 is 0 (no ratio).
 */
export function ratioInterval(matched: Rate, unmatched: Rate): (Interval & { ratio: number }) | null {
  const p1 = matched.rate;
  const p2 = unmatched.rate;
  if (unmatched.total === 0 || matched.total === 0 || p2 === 0) return null;
  const { low: l1, high: u1 } = matched;
  const { low: l2, high: u2 } = unmatched;
  const product = p1 * p2;
  const lowRoot = Math.max(0, product * product - l1 * (u2 ?? 1) * (2 * p1 - l1) * (2 * p2 - (u2 ?? 1)));
  const low = (product - Math.sqrt(lowRoot)) / ((u2 ?? 1) * (2 * p2 - (u2 ?? 1)));
  let high: number | null = null;
  if (l2 > 0) {
    const highRoot = Math.max(0, product * product - (u1 ?? 1) * l2 * (2 * p1 - (u1 ?? 1)) * (2 * p2 - l2));
    high = (product + Math.sqrt(highRoot)) / (l2 * (2 * p2 - l2));
  }
  return { ratio: p1 / p2, low: Math.max(0, low), high };
}

/** Whether an interval of a ratio includes 1: no evidence that the ratio differs from 1. */
export function includesOne(interval: Interval): boolean {
  return interval.low <= 1 && (interval.high === null || interval.high >= 1);
}
