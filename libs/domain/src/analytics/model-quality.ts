import { type Rate, wilson } from './intervals';

/** One decided lead as the model-quality figures read it: its score and stage at its outcome date. */
export interface ScoredOutcome {
  score: number;
  stage: string;
  won: boolean;
}

/**
 * The area under the ROC curve: the chance that a won lead scored above a lost one (ties count half), by
 * the Mann-Whitney rank sum. null without both won and lost leads.
 */
export function areaUnderCurve(outcomes: readonly { score: number; won: boolean }[]): number | null {
  const won = outcomes.filter((outcome) => outcome.won).length;
  const lost = outcomes.length - won;
  if (won === 0 || lost === 0) return null;
  const sorted = [...outcomes].sort((a, b) => a.score - b.score);
  let rankSumOfWon = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end < sorted.length && sorted[end]?.score === sorted[start]?.score) end += 1;
    // tied scores share the mean of their ranks (1-based)
    const meanRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i += 1) if (sorted[i]?.won) rankSumOfWon += meanRank;
    start = end;
  }
  return (rankSumOfWon - (won * (won + 1)) / 2) / (won * lost);
}

export interface CalibrationRow extends Rate {
  label: string;
}

/** Score buckets of the calibration table: 0–19, 20–39, 40–59, 60–79, 80–100. */
export const SCORE_BUCKETS = [
  { label: '0-19', from: 0, to: 19 },
  { label: '20-39', from: 20, to: 39 },
  { label: '40-59', from: 40, to: 59 },
  { label: '60-79', from: 60, to: 79 },
  { label: '80-100', from: 80, to: 100 },
] as const;

export function winRateByBucket(outcomes: readonly ScoredOutcome[]): CalibrationRow[] {
  return SCORE_BUCKETS.map(({ label, from, to }) => {
    const inside = outcomes.filter((outcome) => outcome.score >= from && outcome.score <= to);
    return { label, ...wilson(inside.filter((outcome) => outcome.won).length, inside.length) };
  });
}

/** Win rate per stage at the outcome date, stages in the order given (then any others, by name). */
export function winRateByStage(
  outcomes: readonly ScoredOutcome[],
  stageOrder: readonly string[],
): CalibrationRow[] {
  const stages = [...new Set(outcomes.map((outcome) => outcome.stage))].sort((a, b) => {
    const rank = (stage: string) =>
      stageOrder.includes(stage) ? stageOrder.indexOf(stage) : stageOrder.length;
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return stages.map((stage) => {
    const inside = outcomes.filter((outcome) => outcome.stage === stage);
    return { label: stage, ...wilson(inside.filter((outcome) => outcome.won).length, inside.length) };
  });
}

export interface ThresholdFigures {
  threshold: number;
  /** share of won leads at or above it (sensitivity) */
  true_positive_rate: number;
  /** share of lost leads at or above it */
  false_positive_rate: number;
  /** Youden's J: true minus false positive rate; the best threshold separates won from lost the most */
  youden_j: number;
}

export function thresholdFigures(outcomes: readonly ScoredOutcome[], threshold: number): ThresholdFigures {
  const won = outcomes.filter((outcome) => outcome.won);
  const lost = outcomes.filter((outcome) => !outcome.won);
  const share = (group: readonly ScoredOutcome[]) =>
    group.length === 0 ? 0 : group.filter((outcome) => outcome.score >= threshold).length / group.length;
  const tpr = share(won);
  const fpr = share(lost);
  return { threshold, true_positive_rate: tpr, false_positive_rate: fpr, youden_j: tpr - fpr };
}

/** The score thresholds 0..100 that separate won from lost the most (highest J; the lowest one on ties). */
export function bestThresholds(outcomes: readonly ScoredOutcome[], count = 3): ThresholdFigures[] {
  const all = Array.from({ length: 101 }, (_, threshold) => thresholdFigures(outcomes, threshold));
  return [...all].sort((a, b) => b.youden_j - a.youden_j || a.threshold - b.threshold).slice(0, count);
}
