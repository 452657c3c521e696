import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** Something a lead did; `type` is a free snake_case string, each type counts as a fact `<type>_count`. */
@Schema({ versionKey: false, minimize: false, timestamps: { createdAt: 'created_at', updatedAt: false } })
export class ActivityDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: Date, required: true })
  occurred_at!: Date;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  metadata!: Record<string, unknown>;

  /** set by the schema's timestamps */
  created_at!: Date;
}

export const ACTIVITY_MODEL = 'Activity';

export const activitySchema = SchemaFactory.createForClass(ActivityDocument);

activitySchema.index({ id: 1 }, { unique: true });
// A lead's activities newest first: the list endpoint and the scoring facts (counts, last activity).
activitySchema.index({ lead_id: 1, occurred_at: -1 });
