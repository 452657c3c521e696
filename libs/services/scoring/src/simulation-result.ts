import type { Grade } from '@leadflow/domain';
import type { ScoreDistribution } from './score-distribution';

// What a simulation answers, in a module of types only: the console reads the same shapes without
// type-checking the Nest service that computes them.

export interface SimulatedLead {
  lead: number;
  lead_name: string;
  current_score: number;
  simulated_score: number;
  score_change: number;
  current_stage: string;
  simulated_stage: string;
  /** null before the lead's first calculation, or when grades are off */
  current_grade: Grade | null;
  simulated_grade: Grade | null;
}

export interface SimulationResult {
  rule_set_version: number;
  sample_size: number;
  leads: SimulatedLead[];
  /** how many of the leads the draft moves to another stage */
  stage_changes: number;
  /** how many of the leads the draft gives another grade */
  grade_changes: number;
  distribution_before: ScoreDistribution;
  distribution_after: ScoreDistribution;
}
