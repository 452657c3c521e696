import { Schema } from 'mongoose';

/** One rule of a fitted win model: its coefficient on the rule's match (1) or not (0). */
export interface WinModelFeature {
  rule_id: string;
  name: string;
  coefficient: number;
}

/**
 * A fitted win model (L2 logistic regression on rule matches), kept for good: each lead's predicted win
 * probability names the version it came from, and the model card is read from here.
 */
export interface WinModelRecord {
  /** the model's version: 1, 2, 3, ... */
  id: number;
  fitted_at: Date;
  /** the rule-set version whose rules are the features */
  rule_set_version: number;
  features: WinModelFeature[];
  intercept: number;
  lambda: number;
  sample_size: number;
  held_out_size: number;
  held_out_auc: number | null;
}

export const WIN_MODEL_MODEL = 'WinModel';

export const winModelSchema = new Schema<WinModelRecord>(
  {
    id: { type: Number, required: true },
    fitted_at: { type: Date, required: true },
    rule_set_version: { type: Number, required: true },
    features: { type: Schema.Types.Mixed, required: true },
    intercept: { type: Number, required: true },
    lambda: { type: Number, required: true },
    sample_size: { type: Number, required: true },
    held_out_size: { type: Number, required: true },
    held_out_auc: { type: Number, default: null },
  },
  { versionKey: false },
);
winModelSchema.index({ id: 1 }, { unique: true });
