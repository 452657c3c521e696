import { CATEGORIES, type Category } from './rule';
import { type CapCut, categoryCap, type ScoreCaps } from './score-caps';

export type ScoreBreakdown = Record<Category, number>;

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/** What score math needs from a matched rule. */
export interface AwardedPoints {
  category: Category;
  points: number;
}

/** Shared by every calculation no cap cut, so the common case allocates nothing for caps. */
const NO_CUTS: readonly CapCut[] = Object.freeze([]);

/**
 * DESIGN.md: each category sums its matched points (negative sums stay negative, so a reader sees what pulled
 * the lead down); the score is the sum of all matched points clamped to 0..100. All four categories are
 * always present. With caps, a category's positive sum is cut to its cap (the breakdown holds what counts)
 * and the sum of categories to the total cap, before the clamp; `capped` says which caps cut and from what.
 */
export function computeScore(
  awarded: readonly AwardedPoints[],
  caps: ScoreCaps | null = null,
): {
  score: number;
  breakdown: ScoreBreakdown;
  capped: readonly CapCut[];
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
  if (caps === null) {
    return {
      score: clampScore(demographic + behavioral + firmographic + engagement),
      breakdown,
      capped: NO_CUTS,
    };
  }
  return applyCaps(breakdown, caps);
}

function applyCaps(
  breakdown: ScoreBreakdown,
  caps: ScoreCaps,
): { score: number; breakdown: ScoreBreakdown; capped: readonly CapCut[] } {
  const capped: CapCut[] = [];
  let total = 0;
  for (const category of CATEGORIES) {
    const earned = breakdown[category];
    const cap = categoryCap(caps, category);
    if (earned > cap) {
      capped.push({ scope: category, cap, earned });
      breakdown[category] = cap;
    }
    total += breakdown[category];
  }
  if (caps.total !== null && total > caps.total) {
    capped.push({ scope: 'total', cap: caps.total, earned: total });
    total = caps.total;
  }
  return { score: clampScore(total), breakdown, capped: capped.length > 0 ? capped : NO_CUTS };
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
