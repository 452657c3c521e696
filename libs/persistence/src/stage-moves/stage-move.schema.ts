import { Schema } from 'mongoose';

/**
 * A workflow's move_to_stage step setting a lead's qualification stage, with the reason. Kept apart from the
 * scoring's stage history, whose records belong to a score calculation (score, rule-set version).
 */
export interface StageMoveDocument {
  id: number;
  lead_id: number;
  from_stage: string;
  to_stage: string;
  /** why: which workflow step moved it */
  reason: string;
  workflow_id: string;
  step_id: string;
  effect_key: string;
  moved_at: Date;
  /** the hour it was written (recordedHour), for the per-day counts; never served */
  recorded_hour?: number;
}

export const STAGE_MOVE_MODEL = 'StageMove';

export const stageMoveSchema = new Schema<StageMoveDocument>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    from_stage: { type: String, required: true },
    to_stage: { type: String, required: true },
    reason: { type: String, required: true },
    workflow_id: { type: String, required: true },
    step_id: { type: String, required: true },
    effect_key: { type: String, required: true },
    moved_at: { type: Date, required: true },
    recorded_hour: { type: Number },
  },
  { versionKey: false },
);

stageMoveSchema.index({ id: 1 }, { unique: true });
stageMoveSchema.index({ effect_key: 1 }, { unique: true });
stageMoveSchema.index({ lead_id: 1, moved_at: -1 });
// The stage trend reads hours of moves by index ranges (StageDayCounts).
stageMoveSchema.index({ recorded_hour: 1 });
