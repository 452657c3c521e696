import type { FieldProblem } from './errors';
import type { Category } from './rule';

/**
 * Grades A–F beside the score (as Salesforce Account Engagement grades prospects): how well the lead fits
 * the profile, from the points of the rules marked `counts_toward_grade` (by default the demographic and
 * firmographic ones), while the score keeps measuring everything. The grade is the share of the fit points
 * those rules can award at most: a band is its minimum percentage, so a rule set with more or fewer fit rules
 * needs no new bands. Which rules measure fit is a property of each rule, versioned and edited with it; the
 * rule set's settings hold only the bands.
 */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];
export type GradeBands = Record<Exclude<Grade, 'F'>, number>;

export interface GradingPolicy {
  /** the minimum percentage of the reachable fit points for each grade; below D's is F */
  bands: GradeBands;
}

export const DEFAULT_GRADING: GradingPolicy = Object.freeze({
  bands: Object.freeze({ A: 80, B: 60, C: 40, D: 20 }),
});

/** The categories whose rules count toward the grade unless a rule says otherwise. */
export const DEFAULT_FIT_CATEGORIES: readonly Category[] = Object.freeze(['demographic', 'firmographic']);

/** A rule's `counts_toward_grade`, or its category's default when the rule leaves it out. */
export function countsTowardGrade(category: Category, explicit?: boolean | null): boolean {
  return typeof explicit === 'boolean' ? explicit : DEFAULT_FIT_CATEGORIES.includes(category);
}

/**
 * Whether a rule counts toward the grade in a version published before the flag existed: then the settings
 * named the fit categories (`grading.categories`), and a rule counted when its category was among them.
 */
export function legacyCountsTowardGrade(storedGrading: unknown, category: Category): boolean {
  const categories =
    typeof storedGrading === 'object' && storedGrading !== null
      ? (storedGrading as { categories?: unknown }).categories
      : undefined;
  return Array.isArray(categories) ? categories.includes(category) : countsTowardGrade(category);
}

/**
 * The rules that need `counts_toward_grade` written out when settings that named `fitCategories` give way to
 * the flag: those whose category's default would say otherwise. A rule whose document (`source`, as sent)
 * already says it is left alone.
 */
export function fitFlagsToWrite(
  rules: readonly { id: number; rule_type: Category; source: Record<string, unknown> }[],
  fitCategories: readonly Category[],
): { id: number; counts_toward_grade: boolean }[] {
  return rules.flatMap((rule) => {
    if (typeof rule.source.counts_toward_grade === 'boolean') return [];
    const counts = fitCategories.includes(rule.rule_type);
    return counts === countsTowardGrade(rule.rule_type) ? [] : [{ id: rule.id, counts_toward_grade: counts }];
  });
}

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

/** Bands within 0..100 and strictly falling from A to D. */
export function gradingProblems(policy: GradingPolicy, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (at: string, code: string, message: string) =>
    problems.push({ pointer: `${pointer}${at}`, code, message });
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
