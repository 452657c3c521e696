import type { FieldProblem } from './errors';
import { CATEGORIES, type Category } from './rule';

/**
 * Score caps (as HubSpot's score limits): a category adds at most its cap, and the categories together at
 * most the total cap, before the score is clamped to 0..100. A cap only ever cuts positive points: a negative
 * category sum is left as it is, so a reader still sees what pulled the lead down.
 */
export interface ScoreCaps {
  /** the most a category adds; a category not listed is not capped */
  categories: Partial<Record<Category, number>>;
  /** the most all categories add together, before the 0..100 clamp; null: not capped */
  total: number | null;
}

/** One cap that cut points in one calculation: "behavioral capped at 30: 45 earned". */
export interface CapCut {
  scope: Category | 'total';
  cap: number;
  earned: number;
}

export const MAX_CAP = 100;

export function capCutLine(cut: CapCut): string {
  return `${cut.scope} capped at ${cut.cap}: ${cut.earned} earned`;
}

/** The cap's value for a category, or Infinity when the category is not capped (or there are no caps). */
export function categoryCap(caps: ScoreCaps | null, category: Category): number {
  return caps?.categories[category] ?? Number.POSITIVE_INFINITY;
}

/** Caps must be whole numbers of points within 0..100, for known categories. */
export function capsProblems(caps: ScoreCaps, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checkValue = (value: unknown, at: string) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_CAP)
      problems.push({
        pointer: `${pointer}${at}`,
        code: 'OUT_OF_RANGE',
        message: `a cap must be a whole number of points from 0 to ${MAX_CAP}`,
      });
  };
  const categories: unknown = caps.categories;
  if (typeof categories !== 'object' || categories === null || Array.isArray(categories)) {
    problems.push({
      pointer: `${pointer}/categories`,
      code: 'INVALID_TYPE',
      message: 'categories must map categories to caps',
    });
  } else {
    for (const [category, value] of Object.entries(categories)) {
      if (!(CATEGORIES as readonly string[]).includes(category))
        problems.push({
          pointer: `${pointer}/categories/${category}`,
          code: 'INVALID_ENUM',
          message: `unknown category ${JSON.stringify(category)}`,
        });
      else checkValue(value, `/categories/${category}`);
    }
  }
  if (caps.total !== null) checkValue(caps.total, '/total');
  return problems;
}
