import type { Category } from '../rule';
import { includesOne, type Interval, type Rate, ratioInterval, wilson } from './intervals';
import { fitLogistic, type LogisticFit, predictLogistic } from './logistic';
import {
  areaUnderCurve,
  bestThresholds,
  type CalibrationRow,
  type ScoredOutcome,
  thresholdFigures,
  type ThresholdFigures,
  winRateByBucket,
  winRateByStage,
} from './model-quality';

/** One decided lead: which rules matched it at its outcome date, and its score and stage then. */
export interface DecidedLead {
  lead_id: number;
  won: boolean;
  /** rule ids of the analysed rule set that matched at the outcome date */
  matched: readonly string[];
  /** from the score history at the outcome date; null when it had not been scored by then */
  scored: { score: number; stage: string } | null;
}

export interface AnalysedRule {
  rule_id: string;
  name: string;
  category: Category;
  points: number;
}

export interface StageThreshold {
  stage: string;
  minimum_score: number;
}

export interface RuleConversion {
  rule_id: string;
  name: string;
  category: Category;
  current_points: number;
  /** decided leads it matched at their outcome date */
  matched: number;
  win_rate_matched: Rate;
  win_rate_unmatched: Rate;
  /** win rate matched / win rate unmatched with its 95 % interval; null when either side has no wins to compare */
  lift: (Interval & { ratio: number }) | null;
  /** the lift's interval includes 1 (or there is no lift): the data gives no evidence for the rule */
  no_evidence: boolean;
  /** the fitted coefficient scaled to the current points' range; never applied by itself */
  suggested_points: number;
  coefficient: number;
}

export interface ModelCard {
  model: 'l2-logistic-regression';
  /** the rule ids, in coefficient order */
  features: string[];
  lambda: number;
  sample_size: number;
  /** leads with id % 5 = 0, left out of the held-out fit and scored by it */
  held_out_size: number;
  held_out_auc: number | null;
  intercept: number;
  converged: boolean;
  fitted_at: string;
}

export interface ConversionReport {
  sample: { decided: number; won: number; lost: number; scored_at_outcome: number };
  rules: RuleConversion[];
  model: ModelCard | null;
  quality: {
    /** AUC of the score at the outcome date against won/lost */
    auc: number | null;
    by_score: CalibrationRow[];
    by_stage: CalibrationRow[];
    best_thresholds: ThresholdFigures[];
    stage_thresholds: (ThresholdFigures & { stage: string })[];
  };
}

export const DEFAULT_LAMBDA = 1;
const HELD_OUT_EVERY = 5;
const MAX_POINTS = 100;

/**
 * Coefficients to points: scaled so that the largest coefficient in size gets the largest current points in
 * size, rounded, within ±100. The scale keeps the rule set's own range, so suggestions read like its points.
 */
export function suggestPoints(coefficients: readonly number[], currentPoints: readonly number[]): number[] {
  const largestCoefficient = Math.max(0, ...coefficients.map(Math.abs));
  const largestPoints = Math.max(0, ...currentPoints.map(Math.abs));
  if (largestCoefficient === 0) return coefficients.map(() => 0);
  const scale = largestPoints / largestCoefficient;
  return coefficients.map((coefficient) =>
    Math.max(-MAX_POINTS, Math.min(MAX_POINTS, Math.round(coefficient * scale))),
  );
}

function featureRows(leads: readonly DecidedLead[], rules: readonly AnalysedRule[]): number[][] {
  return leads.map((lead) => rules.map((rule) => (lead.matched.includes(rule.rule_id) ? 1 : 0)));
}

function ruleConversion(
  rule: AnalysedRule,
  leads: readonly DecidedLead[],
  coefficient: number,
  suggested: number,
): RuleConversion {
  const matched = leads.filter((lead) => lead.matched.includes(rule.rule_id));
  const unmatched = leads.filter((lead) => !lead.matched.includes(rule.rule_id));
  const matchedRate = wilson(matched.filter((lead) => lead.won).length, matched.length);
  const unmatchedRate = wilson(unmatched.filter((lead) => lead.won).length, unmatched.length);
  const lift = ratioInterval(matchedRate, unmatchedRate);
  return {
    rule_id: rule.rule_id,
    name: rule.name,
    category: rule.category,
    current_points: rule.points,
    matched: matched.length,
    win_rate_matched: matchedRate,
    win_rate_unmatched: unmatchedRate,
    lift,
    no_evidence: lift === null || includesOne(lift),
    suggested_points: suggested,
    coefficient,
  };
}

/** AUC of a fit made without the held-out leads, on them: the model card's honest figure. */
function heldOutAuc(
  leads: readonly DecidedLead[],
  rows: readonly number[][],
  lambda: number,
): { size: number; auc: number | null } {
  const isHeldOut = (lead: DecidedLead) => lead.lead_id % HELD_OUT_EVERY === 0;
  const trainRows = rows.filter((_, i) => !isHeldOut(leads[i] as DecidedLead));
  const trainWins = leads.filter((lead) => !isHeldOut(lead)).map((lead) => lead.won);
  const held = leads.flatMap((lead, i) => (isHeldOut(lead) ? [{ lead, row: rows[i] ?? [] }] : []));
  if (trainRows.length === 0 || held.length === 0) return { size: held.length, auc: null };
  const fit = fitLogistic(trainRows, trainWins, lambda);
  return {
    size: held.length,
    auc: areaUnderCurve(held.map(({ lead, row }) => ({ score: predictLogistic(fit, row), won: lead.won }))),
  };
}

/**
 * Conversion analytics of a rule set over decided leads, as a pure function of them: per rule its win rates,
 * lift and suggested points; the fitted model's card; and how well the score at the outcome date separated
 * won from lost (AUC, calibration by score and stage, the best thresholds beside the stage thresholds).
 */
export function conversionReport(
  leads: readonly DecidedLead[],
  rules: readonly AnalysedRule[],
  stageThresholds: readonly StageThreshold[],
  fittedAt: Date,
  lambda = DEFAULT_LAMBDA,
): ConversionReport {
  const won = leads.filter((lead) => lead.won).length;
  const rows = featureRows(leads, rules);
  const canFit = rules.length > 0 && won > 0 && won < leads.length;
  const fit: LogisticFit | null = canFit
    ? fitLogistic(
        rows,
        leads.map((lead) => lead.won),
        lambda,
      )
    : null;
  const coefficients = fit?.coefficients ?? rules.map(() => 0);
  const suggested = suggestPoints(
    coefficients,
    rules.map((rule) => rule.points),
  );
  const scored: ScoredOutcome[] = leads.flatMap((lead) =>
    lead.scored ? [{ ...lead.scored, won: lead.won }] : [],
  );
  const heldOut = fit ? heldOutAuc(leads, rows, lambda) : null;
  const ordered = [...stageThresholds].sort((a, b) => a.minimum_score - b.minimum_score);
  return {
    sample: { decided: leads.length, won, lost: leads.length - won, scored_at_outcome: scored.length },
    rules: rules.map((rule, i) => ruleConversion(rule, leads, coefficients[i] ?? 0, suggested[i] ?? 0)),
    model:
      fit && heldOut
        ? {
            model: 'l2-logistic-regression',
            features: rules.map((rule) => rule.rule_id),
            lambda,
            sample_size: leads.length,
            held_out_size: heldOut.size,
            held_out_auc: heldOut.auc,
            intercept: fit.intercept,
            converged: fit.converged,
            fitted_at: fittedAt.toISOString(),
          }
        : null,
    quality: {
      auc: areaUnderCurve(scored),
      by_score: winRateByBucket(scored),
      by_stage: winRateByStage(scored, ['unqualified', ...ordered.map((threshold) => threshold.stage)]),
      best_thresholds: bestThresholds(scored),
      stage_thresholds: ordered.map((threshold) => ({
        stage: threshold.stage,
        ...thresholdFigures(scored, threshold.minimum_score),
      })),
    },
  };
}
