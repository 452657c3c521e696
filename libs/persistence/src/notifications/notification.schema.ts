import { Schema } from 'mongoose';

/** A message for one user, or for everyone watching the console when `user_id` is null. */
export interface NotificationDocument {
  id: number;
  user_id: number | null;
  lead_id: number;
  message: string;
  read_at: Date | null;
  created_by_workflow_id: string | null;
  /** `workflow_id/step_id` of the step that made it, so a redone step finds it; random otherwise */
  effect_key: string;
  created_at: Date;
}

export const NOTIFICATION_MODEL = 'Notification';

export const notificationSchema = new Schema<NotificationDocument>(
  {
    id: { type: Number, required: true },
    user_id: { type: Number, default: null },
    lead_id: { type: Number, required: true },
    message: { type: String, required: true },
    read_at: { type: Date, default: null },
    created_by_workflow_id: { type: String, default: null },
    effect_key: { type: String, required: true },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);

notificationSchema.index({ id: 1 }, { unique: true });
notificationSchema.index({ effect_key: 1 }, { unique: true });
notificationSchema.index({ user_id: 1, created_at: -1 });
notificationSchema.index({ lead_id: 1, created_at: -1 });
