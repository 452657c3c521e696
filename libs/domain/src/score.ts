import { CATEGORIES, type Category } from './rule';

export type ScoreBreakdown = Record<Category, number>;

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/** What score math needs from a matched rule. */
export interface AwardedPoints {
  category: Category;
  points: number;
}

/**
 * DESIGN.md: each category sums its matched points (negative sums stay negative, so a reader sees what pulled
 * the lead down); the score is the sum of all matched points clamped to 0..100. All four categories are
 * always present.
 */
export function computeScore(awarded: readonly AwardedPoints[]): {
  score: number;
  breakdown: ScoreBreakdown;
} {
  // Local sums and a switch rather than `breakdown[category] += points`: this runs once per lead in bulk
  // scoring, and a keyed store with a variable key is several times slower.
  let demographic = 0;
  let behavioral = 0;
  let firmographic = 0;
  let engagement = 0;
  for (const { category, points } of awarded) {
    switch (category) {
      case 'demographic':
        demographic += points;
        break;
      case 'behavioral':
        behavioral += points;
        break;
      case 'firmographic':
        firmographic += points;
        break;
      case 'engagement':
        engagement += points;
        break;
    }
  }
  const breakdown: ScoreBreakdown = { demographic, behavioral, firmographic, engagement };
  return { score: clampScore(demographic + behavioral + firmographic + engagement), breakdown };
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
