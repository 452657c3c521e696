import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * An email a workflow step sends. Written before handing the message to SMTP (`sent_at` null) and marked
 * sent afterwards, so a step redone after a crash knows an earlier attempt may have sent it and resends with
 * the same `message_id`, which lets the receiving side drop the duplicate.
 */
@Schema({ versionKey: false })
export class SentEmailDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  to!: string;

  @Prop({ type: String, required: true })
  subject!: string;

  @Prop({ type: String, required: true })
  body!: string;

  @Prop({ type: String, default: null })
  template!: string | null;

  /** RFC 5322 Message-ID, derived from the effect key */
  @Prop({ type: String, required: true })
  message_id!: string;

  @Prop({ type: String, default: null })
  workflow_id!: string | null;

  @Prop({ type: String, required: true })
  effect_key!: string;

  @Prop({ type: Date, required: true })
  created_at!: Date;

  @Prop({ type: Date, default: null })
  sent_at!: Date | null;
}

export const SENT_EMAIL_MODEL = 'SentEmail';

export const sentEmailSchema = SchemaFactory.createForClass(SentEmailDocument);

sentEmailSchema.index({ id: 1 }, { unique: true });
sentEmailSchema.index({ effect_key: 1 }, { unique: true });
sentEmailSchema.index({ lead_id: 1, created_at: -1 });
