import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
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
 * One calculation of one lead's score as stored; every calculation is kept. `seq` numbers a lead's
 * calculations 1, 2, 3, ...: the lead's conditional write on its own `score_seq` decides which calculation
 * takes the next one, so `previous_score` is always the score of the entry before it.
 *
 * Its matched rules are stored as one JSON text rather than an array of documents. The embedded server
 * (FerretDB) converts every BSON value in Go, and with 200 rules the ~140 matched-rule documents made an insert
 * 2.7 ms where the text takes 1 ms; nothing queries inside them. Entries written before this have
 * `matched_rules` as an array, which reading accepts too (fromStoredScore).
 */
@Schema({ versionKey: false, minimize: false })
export class StoredLeadScore {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: Number, required: true })
  seq!: number;

  @Prop({ type: Number, required: true })
  score!: number;

  @Prop({ type: Number, required: true })
  previous_score!: number;

  @Prop({ type: Number, required: true })
  score_change!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  score_breakdown!: ScoreBreakdown;

  /** the profile-fit grade A–F; null when the version gives none; absent on entries from before grades */
  @Prop({ type: String, required: false })
  grade?: Grade | null;

  /** the grade of the entry before (null for the first, or when it had none); absent on older entries */
  @Prop({ type: String, required: false })
  previous_grade?: Grade | null;

  /** the caps that cut points ("behavioral capped at 30: 45 earned"); absent when none did */
  @Prop({ type: MongooseSchema.Types.Mixed, required: false })
  capped?: CapCut[];

  @Prop({ type: String, required: true })
  qualification_stage!: string;

  @Prop({ type: String, required: true })
  previous_stage!: string;

  @Prop({ type: Number, required: true })
  rule_set_version!: number;

  /** the matched rules (MatchedRuleRecord[]) as JSON */
  @Prop({ type: String, required: true })
  matched_rules_json!: string;

  /** one line per criterion the lead did not meet, e.g. "sql: score 50 is short of 65 by 15" */
  @Prop({ type: [String], default: [] })
  stage_reasons!: string[];

  @Prop({ type: Date, required: true })
  calculated_at!: Date;

  /**
   * The lead's `inputs_version` the calculation read (0 for entries stored before it was recorded): along a
   * lead's history it never goes down, so no entry was made from older inputs than the one before it.
   */
  @Prop({ type: Number, default: 0 })
  inputs_version!: number;

  /**
   * `<run id>:<lead id>` on calculations of a bulk run (absent otherwise): unique, so a chunk that is run
   * again (a retried or stalled job) finds the lead already scored in that run instead of scoring it twice.
   */
  @Prop({ type: String, required: false })
  run_key?: string;
}

/** One calculation of one lead's score as the code reads and writes it: its matched rules as records. */
export interface LeadScoreRecord extends Omit<StoredLeadScore, 'matched_rules_json'> {
  matched_rules: MatchedRuleRecord[];
}

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

export const leadScoreSchema = SchemaFactory.createForClass(StoredLeadScore);
leadScoreSchema.index({ id: 1 }, { unique: true });
// The per-lead sequence guard, and the index behind "latest score of a lead" and the history. A lead's
// current score is not marked here: it is the lead's own copy (leads.score_seq names its entry), which
// every calculation writes anyway, so no older entry is ever rewritten.
leadScoreSchema.index({ lead_id: 1, seq: -1 }, { unique: true });
// One calculation per lead per bulk run. Sparse, so calculations outside runs (no run_key) never collide on
// MongoDB; FerretDB ignores `sparse` but never counts a missing field as a duplicate either.
leadScoreSchema.index({ run_key: 1 }, { unique: true, sparse: true });
