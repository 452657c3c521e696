import { Schema } from 'mongoose';
import type { CapCut, Category, Grade, PointsDecay, ScoreBreakdown } from '@leadflow/domain';

export interface MatchedRuleRecord {
  rule_id: string;
  name: string;
  category: Category;
  points: number;
  /** present when the rule set decays this rule's category */
  decay?: PointsDecay;
}

/**
 * One calculation of one lead's score; every calculation is kept. `seq` numbers a lead's calculations
 * 1, 2, 3, ...: the lead's conditional write on its own `score_seq` decides which calculation takes the next
 * one, so `previous_score` is always the score of the entry before it.
 */
export interface LeadScoreRecord {
  id: number;
  lead_id: number;
  seq: number;
  score: number;
  previous_score: number;
  score_change: number;
  score_breakdown: ScoreBreakdown;
  /** the profile-fit grade A–F; null when the version gives none; absent on entries from before grades */
  grade?: Grade | null;
  /** the grade of the entry before (null for the first, or when it had none); absent on older entries */
  previous_grade?: Grade | null;
  /** the caps that cut points ("behavioral capped at 30: 45 earned"); absent when none did */
  capped?: CapCut[];
  qualification_stage: string;
  previous_stage: string;
  rule_set_version: number;
  matched_rules: MatchedRuleRecord[];
  /** one line per criterion the lead did not meet, e.g. "sql: score 50 is short of 65 by 15" */
  stage_reasons: string[];
  calculated_at: Date;
  /**
   * The lead's `inputs_version` the calculation read (0 for entries stored before it was recorded): along a
   * lead's history it never goes down, so no entry was made from older inputs than the one before it.
   */
  inputs_version: number;
  /**
   * `<run id>:<lead id>` on calculations of a bulk run (absent otherwise): unique, so a chunk that is run
   * again (a retried or stalled job) finds the lead already scored in that run instead of scoring it twice.
   */
  run_key?: string;
}

/**
 * How an entry is stored: its matched rules as one JSON text rather than an array of documents. The
 * embedded server (FerretDB) converts every BSON value in Go, and with 200 rules the ~140 matched-rule
 * documents made an insert 2.7 ms where the text takes 1 ms; nothing queries inside them. Entries written
 * before this have `matched_rules` as an array, which reading accepts too.
 */
export type StoredLeadScore = Omit<LeadScoreRecord, 'matched_rules'> & { matched_rules_json: string };

export function toStoredScore<T extends Pick<LeadScoreRecord, 'matched_rules'>>(
  entry: T,
): Omit<T, 'matched_rules'> & { matched_rules_json: string } {
  const { matched_rules: matched, ...rest } = entry;
  return { ...rest, matched_rules_json: JSON.stringify(matched) };
}

export function fromStoredScore(stored: StoredLeadScore | LeadScoreRecord): LeadScoreRecord {
  const inputsVersion = (stored as { inputs_version?: number }).inputs_version ?? 0;
  if (!('matched_rules_json' in stored)) return { ...stored, inputs_version: inputsVersion };
  const { matched_rules_json: json, ...rest } = stored;
  return { ...rest, inputs_version: inputsVersion, matched_rules: JSON.parse(json) as MatchedRuleRecord[] };
}

export const LEAD_SCORE_MODEL = 'LeadScore';

export const leadScoreSchema = new Schema<StoredLeadScore>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    seq: { type: Number, required: true },
    score: { type: Number, required: true },
    previous_score: { type: Number, required: true },
    score_change: { type: Number, required: true },
    score_breakdown: { type: Schema.Types.Mixed, required: true },
    grade: { type: String, required: false },
    previous_grade: { type: String, required: false },
    capped: { type: Schema.Types.Mixed, required: false },
    qualification_stage: { type: String, required: true },
    previous_stage: { type: String, required: true },
    rule_set_version: { type: Number, required: true },
    matched_rules_json: { type: String, required: true },
    stage_reasons: { type: [String], default: [] },
    calculated_at: { type: Date, required: true },
    inputs_version: { type: Number, default: 0 },
    run_key: { type: String, required: false },
  },
  { versionKey: false, minimize: false },
);
leadScoreSchema.index({ id: 1 }, { unique: true });
// The per-lead sequence guard, and the index behind "latest score of a lead" and the history. A lead's
// current score is not marked here: it is the lead's own copy (leads.score_seq names its entry), which
// every calculation writes anyway, so no older entry is ever rewritten.
leadScoreSchema.index({ lead_id: 1, seq: -1 }, { unique: true });
// One calculation per lead per bulk run. Sparse, so calculations outside runs (no run_key) never collide on
// MongoDB; FerretDB ignores `sparse` but never counts a missing field as a duplicate either.
leadScoreSchema.index({ run_key: 1 }, { unique: true, sparse: true });
