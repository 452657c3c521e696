import { Schema } from 'mongoose';
import type { Outcome, OutcomeSource } from '@leadflow/domain';

/** One change of a lead's outcome, kept for good: the history analytics and the lead page read. */
export interface OutcomeChangeRecord {
  id: number;
  lead_id: number;
  /** null: the outcome was cleared */
  outcome: Outcome | null;
  outcome_at: Date | null;
  amount: number | null;
  reason: string | null;
  previous_outcome: Outcome | null;
  source: OutcomeSource;
  changed_by: string | null;
  changed_at: Date;
}

export const OUTCOME_CHANGE_MODEL = 'OutcomeChange';

export const outcomeChangeSchema = new Schema<OutcomeChangeRecord>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    outcome: { type: String, default: null },
    outcome_at: { type: Date, default: null },
    amount: { type: Number, default: null },
    reason: { type: String, default: null },
    previous_outcome: { type: String, default: null },
    source: { type: String, required: true },
    changed_by: { type: String, default: null },
    changed_at: { type: Date, required: true },
  },
  { versionKey: false },
);
outcomeChangeSchema.index({ id: 1 }, { unique: true });
outcomeChangeSchema.index({ lead_id: 1, changed_at: -1 });
