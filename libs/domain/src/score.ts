import { CATEGORIES, type Category } from './rule';

export type ScoreBreakdown = Record<Category, number>;

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/** What score math needs from a matched rule. */
export interface AwardedPoints {
  category: Category;
  points: number;
}

export function emptyBreakdown(): ScoreBreakdown {
  return { demographic: 0, behavioral: 0, firmographic: 0, engagement: 0 };
}

/**
 * DESIGN.md: each category sums its matched points (negative sums stay negative, so a reader sees what pulled
 * the lead down); the score is the sum of all matched points clamped to 0..100. All four categories are
 * always present.
 */
export function computeScore(awarded: readonly AwardedPoints[]): { score: number; breakdown: ScoreBreakdown } {
  const breakdown = emptyBreakdown();
  let total = 0;
  for (const { category, points } of awarded) {
    breakdown[category] += points;
    total += points;
  }
  return { score: clampScore(total), breakdown };
}

export function clampScore(total: number): number {
  return Math.min(MAX_SCORE, Math.max(MIN_SCORE, total));
}

/** `previous_score` is 0 for a lead's first calculation (DESIGN.md). */
export function scoreChange(
  score: number,
  previousScore: number | null | undefined,
): { previous_score: number; score_change: number } {
  const previous = previousScore ?? 0;
  return { previous_score: previous, score_change: score - previous };
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
