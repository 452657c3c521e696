/** The guide's distribution: leads per band of 20 points ([0,20) ... [80,100]) and the mean, 2 decimals. */
export interface ScoreDistribution {
  score_0_20: number;
  score_20_40: number;
  score_40_60: number;
  score_60_80: number;
  score_80_100: number;
  avg_score: number;
}

/** The bands as half-open ranges [from, to); the last one also holds 100. */
export const DISTRIBUTION_RANGES = [0, 20, 40, 60, 80].map((from) => ({ from, to: from + 20 }));

/** From counts per band (in DISTRIBUTION_RANGES order), the sum of the scores and how many there are. */
export function toDistribution(counts: readonly number[], sum: number, total: number): ScoreDistribution {
  return {
    score_0_20: counts[0] ?? 0,
    score_20_40: counts[1] ?? 0,
    score_40_60: counts[2] ?? 0,
    score_60_80: counts[3] ?? 0,
    score_80_100: counts[4] ?? 0,
    avg_score: total === 0 ? 0 : Math.round((sum / total) * 100) / 100,
  };
}

/** The distribution of a list of scores held in memory (a simulation's sample). */
export function distributionOf(scores: readonly number[]): ScoreDistribution {
  const counts = DISTRIBUTION_RANGES.map(() => 0);
  let sum = 0;
  for (const score of scores) {
    const band = Math.min(counts.length - 1, Math.max(0, Math.floor(score / 20)));
    counts[band] = (counts[band] ?? 0) + 1;
    sum += score;
  }
  return toDistribution(counts, sum, scores.length);
}
