import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

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
@Schema({ versionKey: false })
export class WinModelRecord {
  /** the model's version: 1, 2, 3, ... */
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Date, required: true })
  fitted_at!: Date;

  /** the rule-set version whose rules are the features */
  @Prop({ type: Number, required: true })
  rule_set_version!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  features!: WinModelFeature[];

  @Prop({ type: Number, required: true })
  intercept!: number;

  @Prop({ type: Number, required: true })
  lambda!: number;

  @Prop({ type: Number, required: true })
  sample_size!: number;

  @Prop({ type: Number, required: true })
  held_out_size!: number;

  @Prop({ type: Number, default: null })
  held_out_auc!: number | null;
}

export const WIN_MODEL_MODEL = 'WinModel';

export const winModelSchema = SchemaFactory.createForClass(WinModelRecord);
winModelSchema.index({ id: 1 }, { unique: true });
