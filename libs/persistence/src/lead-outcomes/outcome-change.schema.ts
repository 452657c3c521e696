import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Outcome, OutcomeSource } from '@leadflow/domain';

/** One change of a lead's outcome, kept for good: the history analytics and the lead page read. */
@Schema({ versionKey: false })
export class OutcomeChangeRecord {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  /** null: the outcome was cleared */
  @Prop({ type: String, default: null })
  outcome!: Outcome | null;

  @Prop({ type: Date, default: null })
  outcome_at!: Date | null;

  @Prop({ type: Number, default: null })
  amount!: number | null;

  @Prop({ type: String, default: null })
  reason!: string | null;

  @Prop({ type: String, default: null })
  previous_outcome!: Outcome | null;

  @Prop({ type: String, required: true })
  source!: OutcomeSource;

  @Prop({ type: String, default: null })
  changed_by!: string | null;

  @Prop({ type: Date, required: true })
  changed_at!: Date;
}

export const OUTCOME_CHANGE_MODEL = 'OutcomeChange';

export const outcomeChangeSchema = SchemaFactory.createForClass(OutcomeChangeRecord);
outcomeChangeSchema.index({ id: 1 }, { unique: true });
outcomeChangeSchema.index({ lead_id: 1, changed_at: -1 });
