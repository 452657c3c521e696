import { Schema } from 'mongoose';

/** A lead moving from one qualification stage to another, written by the calculation that moved it. */
export interface StageChangeRecord {
  id: number;
  lead_id: number;
  from_stage: string;
  to_stage: string;
  score: number;
  lead_score_id: number;
  rule_set_version: number;
  changed_at: Date;
  /** the hour it was written (recordedHour), for the per-day counts; never served */
  recorded_hour?: number;
}

export const STAGE_CHANGE_MODEL = 'StageChange';

export const stageChangeSchema = new Schema<StageChangeRecord>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    from_stage: { type: String, required: true },
    to_stage: { type: String, required: true },
    score: { type: Number, required: true },
    lead_score_id: { type: Number, required: true },
    rule_set_version: { type: Number, required: true },
    changed_at: { type: Date, required: true },
    recorded_hour: { type: Number },
  },
  { versionKey: false },
);
stageChangeSchema.index({ id: 1 }, { unique: true });
stageChangeSchema.index({ lead_id: 1, changed_at: -1 });
// A bulk run's chunk done again looks up the changes its calculations recorded already.
stageChangeSchema.index({ lead_score_id: 1 });
// The stage trend reads hours of changes by index ranges (StageDayCounts).
stageChangeSchema.index({ recorded_hour: 1 });
