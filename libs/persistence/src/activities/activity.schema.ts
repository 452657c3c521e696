import { Schema } from 'mongoose';

/** Something a lead did; `type` is a free snake_case string, each type counts as a fact `<type>_count`. */
export interface ActivityDocument {
  id: number;
  lead_id: number;
  type: string;
  occurred_at: Date;
  metadata: Record<string, unknown>;
  created_at: Date;
}

export const ACTIVITY_MODEL = 'Activity';

export const activitySchema = new Schema<ActivityDocument>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    type: { type: String, required: true },
    occurred_at: { type: Date, required: true },
    metadata: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { versionKey: false, minimize: false, timestamps: { createdAt: 'created_at', updatedAt: false } },
);

activitySchema.index({ id: 1 }, { unique: true });
// A lead's activities newest first: the list endpoint and the scoring facts (counts, last activity).
activitySchema.index({ lead_id: 1, occurred_at: -1 });
