import { ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const RATE_EXAMPLE = (rate: number, wins: number, total: number, low: number, high: number) => ({
  rate,
  wins,
  total,
  low,
  high,
});

export const ANALYTICS_EXAMPLE = {
  rule_set_version: 7,
  rules_analysed: 'current',
  sample: { decided: 300, won: 96, lost: 204, scored_at_outcome: 300 },
  rules: [
    {
      rule_id: '3',
      name: 'Demo Requested',
      category: 'behavioral',
      current_points: 15,
      matched: 88,
      win_rate_matched: RATE_EXAMPLE(0.6364, 56, 88, 0.5322, 0.7291),
      win_rate_unmatched: RATE_EXAMPLE(0.1887, 40, 212, 0.1418, 0.2467),
      lift: { ratio: 3.37, low: 2.47, high: 4.66 },
      no_evidence: false,
      suggested_points: 25,
      coefficient: 1.92,
    },
  ],
  model: {
    model: 'l2-logistic-regression',
    features: ['1', '2', '3'],
    lambda: 1,
    sample_size: 300,
    held_out_size: 60,
    held_out_auc: 0.78,
    intercept: -1.6,
    converged: true,
    fitted_at: '2026-12-05T04:00:00.000Z',
  },
  quality: {
    auc: 0.74,
    by_score: [{ label: '40-59', ...RATE_EXAMPLE(0.3, 27, 90, 0.216, 0.4) }],
    by_stage: [{ label: 'mql', ...RATE_EXAMPLE(0.31, 31, 100, 0.228, 0.406) }],
    best_thresholds: [{ threshold: 55, true_positive_rate: 0.71, false_positive_rate: 0.25, youden_j: 0.46 }],
    stage_thresholds: [
      { stage: 'mql', threshold: 40, true_positive_rate: 0.9, false_positive_rate: 0.6, youden_j: 0.3 },
    ],
  },
};

export const ANALYTICS_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'sample: decided leads (won/lost) and how many had a score by their outcome date. rules: per rule, the ' +
    'decided leads it matched at their outcome date, the win rate of those and of the rest (Wilson 95 % ' +
    'intervals), the lift (ratio of the two) with its MOVER-R 95 % interval, no_evidence when that interval ' +
    'includes 1, and suggested_points from an L2-regularized logistic regression over the rule matches, ' +
    "scaled to the current points' range (never applied by itself). model: the fit's card (held-out AUC on " +
    'leads with id % 5 = 0). quality: AUC of the score at the outcome date, win rate per score bucket and ' +
    "per stage, the thresholds with the highest Youden's J and the stage thresholds' own figures.",
  additionalProperties: true,
  example: ANALYTICS_EXAMPLE,
};

export const ANALYSE_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'A bundle (as rule-sets/apply/ takes it) whose rules are analysed instead of the published ones.',
  required: ['rules'],
  properties: {
    kind: { type: 'string', enum: ['bundle'] },
    rules: { type: 'array', items: { type: 'object', additionalProperties: true } },
    settings: { type: 'object', additionalProperties: true },
  },
  example: {
    kind: 'bundle',
    rules: [
      {
        name: 'Demo Requested',
        rule_type: 'behavioral',
        field_name: 'demo_requested_count',
        operator: 'greater_than',
        value: '0',
        points: 25,
      },
    ],
  },
};

export const SUGGESTED_DRAFT_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'The current rules as a bundle with the accepted suggestions in place: send it to lead-scores/simulate/ ' +
    '(as its rules) to see the effect, then to rule-sets/apply/ to publish it.',
  additionalProperties: true,
  example: {
    kind: 'bundle',
    rules: [
      {
        name: 'Demo Requested',
        rule_type: 'behavioral',
        field_name: 'demo_requested_count',
        operator: 'greater_than',
        value: '0',
        points: 25,
      },
    ],
    accepted: [{ name: 'Demo Requested', from: 15, to: 25 }],
  },
};

export const MODEL_CARD_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'A fitted win model (L2 logistic regression on the rules of rule_set_version, matched at each decided ' +
    "lead's outcome date). With PREDICTIVE_SCORE=true every open lead holds its predicted_win_probability " +
    'and the prediction_model_version it came from.',
  additionalProperties: true,
  example: {
    version: 4,
    fitted_at: '2026-12-05T01:30:00.000Z',
    rule_set_version: 7,
    features: [{ rule_id: '3', name: 'Demo Requested', coefficient: 1.92 }],
    intercept: -1.6,
    lambda: 1,
    sample_size: 400,
    held_out_size: 80,
    held_out_auc: 0.78,
    predictive_score_enabled: true,
  },
};

export class SuggestedDraftQueryDto {
  @ApiPropertyOptional({
    example: '3,5',
    description:
      'Rule ids whose suggestions to take, comma-separated; every differing suggestion when absent.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^\d+(,\d+)*$/, { message: 'accept lists rule ids separated by commas' })
  accept?: string;
}
