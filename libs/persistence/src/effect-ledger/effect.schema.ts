import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One side effect of a workflow step (a task made, an email sent, a webhook called), keyed by the Temporal
 * workflow id and the program's step id. Temporal runs an activity at least once, so the ledger is what turns
 * "at least once" into "one effect": the attempt that performed the effect records it, and a later attempt that
 * finds it recorded does nothing.
 */
@Schema({ versionKey: false })
export class EffectRecord {
  @Prop({ type: String, required: true })
  workflow_id!: string;

  @Prop({ type: String, required: true })
  step_id!: string;

  @Prop({ type: String, required: true })
  action_type!: string;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  /** `completed`: the effect happened and `summary` says what; `claimed`: left by attempts of earlier versions. */
  @Prop({ type: String, required: true, enum: ['claimed', 'completed'] })
  status!: 'claimed' | 'completed';

  @Prop({ type: String, default: null })
  summary!: string | null;

  /** when the attempt that performed the effect began */
  @Prop({ type: Date, required: true })
  claimed_at!: Date;

  @Prop({ type: Date, default: null })
  completed_at!: Date | null;
}

export const EFFECT_MODEL = 'Effect';

export const effectSchema = SchemaFactory.createForClass(EffectRecord);

// One record per step, whichever attempts performed it.
effectSchema.index({ workflow_id: 1, step_id: 1 }, { unique: true });
effectSchema.index({ lead_id: 1, claimed_at: -1 });
