import { Schema } from 'mongoose';
import type { Grade } from '@leadflow/domain';

/** A qualification criterion as the guide writes it, with an integer id and timestamps. */
export interface QualificationCriterionRecord {
  id: number;
  name: string;
  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  name_key?: string;
  stage: string;
  /** true when `stage` is a stage of the user's own, outside the known stages */
  custom_stage?: boolean;
  minimum_score: number;
  required_fields: string[];
  required_actions: string[];
  time_constraint_days: number | null;
  is_active: boolean;
  /** absent: any grade */
  minimum_grade?: Grade;
  description?: string;
  created_at: Date;
  updated_at: Date;
}

export const QUALIFICATION_CRITERION_MODEL = 'QualificationCriterion';

export const qualificationCriterionSchema = new Schema<QualificationCriterionRecord>(
  {
    id: { type: Number, required: true },
    name: { type: String, required: true },
    name_key: { type: String },
    stage: { type: String, required: true },
    custom_stage: { type: Boolean },
    minimum_score: { type: Number, required: true },
    required_fields: { type: [String], default: [] },
    required_actions: { type: [String], default: [] },
    time_constraint_days: { type: Number, default: null },
    is_active: { type: Boolean, required: true },
    minimum_grade: { type: String },
    description: { type: String },
  },
  { versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);
qualificationCriterionSchema.index({ id: 1 }, { unique: true });
