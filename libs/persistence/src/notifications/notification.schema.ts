import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A message for one user, or for everyone watching the console when `user_id` is null. */
@Schema({ versionKey: false })
export class NotificationDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, default: null })
  user_id!: number | null;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  message!: string;

  @Prop({ type: Date, default: null })
  read_at!: Date | null;

  @Prop({ type: String, default: null })
  created_by_workflow_id!: string | null;

  /** `workflow_id/step_id` of the step that made it, so a redone step finds it; random otherwise */
  @Prop({ type: String, required: true })
  effect_key!: string;

  @Prop({ type: Date, required: true })
  created_at!: Date;
}

export const NOTIFICATION_MODEL = 'Notification';

export const notificationSchema = SchemaFactory.createForClass(NotificationDocument);

notificationSchema.index({ id: 1 }, { unique: true });
notificationSchema.index({ effect_key: 1 }, { unique: true });
notificationSchema.index({ user_id: 1, created_at: -1 });
notificationSchema.index({ lead_id: 1, created_at: -1 });
