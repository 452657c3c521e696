import type { FieldProblem } from './errors';
import { CATEGORIES, type Category } from './rule';
import { type ScoreBreakdown } from './score';

/**
 * Grades A–F beside the score (as Salesforce Account Engagement grades prospects): how well the lead fits
 * the profile, from the points of the fit categories (demographic and firmographic by default), while the
 * score keeps measuring everything. The grade is the share of the fit points the rule set can award at most:
 * a band is its minimum percentage, so a rule set with more or fewer fit rules needs no new bands.
 */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];
export type GradeBands = Record<Exclude<Grade, 'F'>, number>;

export interface GradingPolicy {
  /** the categories whose points measure fit */
  categories: readonly Category[];
  /** the minimum percentage of the reachable fit points for each grade; below D's is F */
  bands: GradeBands;
}

export const DEFAULT_GRADING: GradingPolicy = Object.freeze({
  categories: Object.freeze(['demographic', 'firmographic'] as Category[]),
  bands: Object.freeze({ A: 80, B: 60, C: 40, D: 20 }),
});

/** How a grade was reached, for explanations. */
export interface GradeFit {
  fit_points: number;
  max_fit_points: number;
  /** fit_points as a percentage of max_fit_points, to 2 decimals */
  percent: number;
}

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/** A is best: "at least B" holds for A and B. */
export function gradeAtLeast(grade: Grade | null | undefined, minimum: Grade): boolean {
  return grade != null && GRADES.indexOf(grade) <= GRADES.indexOf(minimum);
}

/** The grades at least as good as `minimum`, for a filter such as `minimum_grade=B`. */
export function gradesAtLeast(minimum: Grade): Grade[] {
  return GRADES.slice(0, GRADES.indexOf(minimum) + 1);
}

/** The fit points of one calculation: the sum of the (capped) breakdown of the grading categories. */
export function fitPointsOf(breakdown: ScoreBreakdown, policy: GradingPolicy): number {
  let sum = 0;
  for (const category of policy.categories) sum += breakdown[category];
  return sum;
}

/** null when the rule set can award no fit points at all: there is nothing to grade on. */
export function gradeOf(fitPoints: number, maxFitPoints: number, policy: GradingPolicy): Grade | null {
  if (maxFitPoints <= 0) return null;
  const percent = (100 * fitPoints) / maxFitPoints;
  const { bands } = policy;
  if (percent >= bands.A) return 'A';
  if (percent >= bands.B) return 'B';
  if (percent >= bands.C) return 'C';
  if (percent >= bands.D) return 'D';
  return 'F';
}

export function gradeFit(fitPoints: number, maxFitPoints: number): GradeFit {
  const percent = maxFitPoints > 0 ? Math.round((10000 * fitPoints) / maxFitPoints) / 100 : 0;
  return { fit_points: fitPoints, max_fit_points: maxFitPoints, percent };
}

/** Known categories, each once, at least one; bands within 0..100 and strictly falling from A to D. */
export function gradingProblems(policy: GradingPolicy, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (at: string, code: string, message: string) =>
    problems.push({ pointer: `${pointer}${at}`, code, message });
  const categories: unknown = policy.categories;
  if (!Array.isArray(categories) || categories.length === 0) {
    add('/categories', 'TOO_FEW_ITEMS', 'categories must name at least one category');
  } else {
    categories.forEach((category: unknown, index) => {
      if (!(CATEGORIES as readonly unknown[]).includes(category))
        add(`/categories/${index}`, 'INVALID_ENUM', `unknown category ${JSON.stringify(category)}`);
      else if (categories.indexOf(category) !== index)
        add(`/categories/${index}`, 'DUPLICATE_ITEMS', `category ${String(category)} is listed twice`);
    });
  }
  const bands: unknown = policy.bands;
  if (typeof bands !== 'object' || bands === null) {
    add('/bands', 'INVALID_TYPE', 'bands must give the minimum percentage of A, B, C and D');
    return problems;
  }
  let above = Number.POSITIVE_INFINITY;
  for (const grade of ['A', 'B', 'C', 'D'] as const) {
    const value: unknown = (bands as Record<string, unknown>)[grade];
    if (typeof value !== 'number' || !(value >= 0 && value <= 100)) {
      add(`/bands/${grade}`, 'OUT_OF_RANGE', `band ${grade} must be a percentage from 0 to 100`);
      continue;
    }
    if (value >= above)
      add(
        `/bands/${grade}`,
        'BANDS_NOT_DESCENDING',
        `band ${grade} must be below the band of the grade above it`,
      );
    above = value;
  }
  return problems;
}
