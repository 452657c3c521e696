import { Schema } from 'mongoose';

/**
 * One side effect of a workflow step (a task made, an email sent, a webhook called), keyed by the Temporal
 * workflow id and the program's step id. Temporal runs an activity at least once, so the ledger is what turns
 * "at least once" into "one effect": the attempt that performed the effect records it, and a later attempt that
 * finds it recorded does nothing.
 */
export interface EffectRecord {
  workflow_id: string;
  step_id: string;
  action_type: string;
  lead_id: number;
  /** `completed`: the effect happened and `summary` says what; `claimed`: left by attempts of earlier versions. */
  status: 'claimed' | 'completed';
  summary: string | null;
  /** when the attempt that performed the effect began */
  claimed_at: Date;
  completed_at: Date | null;
}

export const EFFECT_MODEL = 'Effect';

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

// One record per step, whichever attempts performed it.
effectSchema.index({ workflow_id: 1, step_id: 1 }, { unique: true });
effectSchema.index({ lead_id: 1, claimed_at: -1 });
