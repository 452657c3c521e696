import { Schema } from 'mongoose';

/**
 * One side effect of a workflow step (a task made, an email sent, a webhook called), keyed by the Temporal
 * workflow id and the program's step id. Temporal runs an activity at least once, so the ledger is what turns
 * "at least once" into "one effect": the first attempt claims the key, and the attempt that finishes records
 * the outcome.
 */
export interface EffectRecord {
  workflow_id: string;
  step_id: string;
  action_type: string;
  lead_id: number;
  /** `claimed`: an attempt started the effect; `completed`: the effect happened and `summary` says what. */
  status: 'claimed' | 'completed';
  summary: string | null;
  claimed_at: Date;
  completed_at: Date | null;
}

export const effectSchema = new Schema<EffectRecord>(
  {
    workflow_id: { type: String, required: true },
    step_id: { type: String, required: true },
    action_type: { type: String, required: true },
    lead_id: { type: Number, required: true },
    status: { type: String, required: true, enum: ['claimed', 'completed'] },
    summary: { type: String, default: null },
    claimed_at: { type: Date, required: true },
    completed_at: { type: Date, default: null },
  },
  { versionKey: false },
);

// The claim itself: of two workers claiming one step, the unique index lets exactly one insert.
effectSchema.index({ workflow_id: 1, step_id: 1 }, { unique: true });
effectSchema.index({ lead_id: 1, claimed_at: -1 });
