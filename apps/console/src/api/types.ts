import type { Category } from '@leadflow/domain/src/rule';
import type { DraftRule } from '@leadflow/dsl/src/types';
/** Response shapes of the public API this console reads (see /api/docs). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** A stored scoring rule: its DSL document (either form, as the DSL's draft types say it) and what the API adds. */
export type ScoringRule = DraftRule & {
  id: number;
  compiled: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};

export interface Problem {
  pointer: string;
  code: string;
  message: string;
}

export interface RuleValidationReport {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  compiled: Record<string, unknown> | null;
}

export interface FactInfo {
  name: string;
  type: string;
  source: string;
  description: string;
  operators: string[];
}

export interface OperatorInfo {
  name: string;
  operand: 'none' | 'scalar' | 'string' | 'number' | 'list' | 'range' | 'regex';
  description: string;
}

export interface FactCatalog {
  facts: FactInfo[];
  operators: OperatorInfo[];
  activity_count_operators: string[];
}

export type ConditionTrace =
  | { group: 'all' | 'any'; result: boolean | null; conditions: ConditionTrace[] }
  | { group: 'not'; result: boolean | null; condition: ConditionTrace }
  | { fact: string; operator: string; expected: unknown; fact_value: unknown; result: boolean | null };

export interface RuleTestResult {
  rule: string;
  lead: string;
  points_awarded: number;
  rule_applied: boolean;
  explanation: ConditionTrace;
}

export interface Lead {
  id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  industry: string | null;
  company_size: string | number | null;
  status: string;
  source: string | null;
  owner_id: number | null;
  score: number;
  qualification_stage: string;
  /** profile-fit grade A–F; null before the first score or when grades are off */
  grade: string | null;
  outcome: 'won' | 'lost' | null;
  /** the win model's probability (PREDICTIVE_SCORE on), with the model version it came from */
  predicted_win_probability: number | null;
  prediction_model_version: number | null;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

export type Breakdown = Record<Category, number>;

export interface LeadScore {
  id: number;
  lead: number;
  lead_name: string;
  score: number;
  previous_score: number;
  score_change: number;
  score_breakdown: Breakdown;
  qualification_stage: string;
  calculated_at: string;
  rule_set_version: number;
  /** the lead's inputs version the calculation read (0 on entries from before it was recorded) */
  inputs_version: number;
  matched_rules: { rule_id: string; name: string; category: string; points: number }[];
  explanation?: { rules?: RuleExplanation[]; criteria?: unknown[] };
}

export interface RuleExplanation {
  rule_id: string;
  name: string;
  category: string;
  points: number;
  matched: boolean;
  condition: ConditionTrace;
}

/** GET lead-scores/distribution/: the scoring service's own type. */
export type { ScoreDistribution as Distribution } from '@leadflow/scoring/src/score-distribution';

export interface Execution {
  id: number;
  workflow_definition_id: number;
  workflow_name?: string;
  lead_id: number;
  status: string;
  version: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  /** the run's own key, which its commands carry in a lead event's Temporal history */
  run_key?: string;
  temporal_workflow_id: string;
  temporal_run_id?: string;
  temporal_ui_url?: string | null;
  /** why the worker could not start a pending run yet */
  start_error?: string | null;
  steps?: { step_id?: string; action?: string; status?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}
