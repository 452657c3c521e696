import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A workflow's move_to_stage step setting a lead's qualification stage, with the reason. Kept apart from the
 * scoring's stage history, whose records belong to a score calculation (score, rule-set version).
 */
@Schema({ versionKey: false })
export class StageMoveDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  from_stage!: string;

  @Prop({ type: String, required: true })
  to_stage!: string;

  /** why: which workflow step moved it */
  @Prop({ type: String, required: true })
  reason!: string;

  @Prop({ type: String, required: true })
  workflow_id!: string;

  @Prop({ type: String, required: true })
  step_id!: string;

  @Prop({ type: String, required: true })
  effect_key!: string;

  @Prop({ type: Date, required: true })
  moved_at!: Date;

  /** the hour it was written (recordedHour), for the per-day counts; never served */
  @Prop({ type: Number })
  recorded_hour?: number;
}

export const STAGE_MOVE_MODEL = 'StageMove';

export const stageMoveSchema = SchemaFactory.createForClass(StageMoveDocument);

stageMoveSchema.index({ id: 1 }, { unique: true });
stageMoveSchema.index({ effect_key: 1 }, { unique: true });
stageMoveSchema.index({ lead_id: 1, moved_at: -1 });
// The stage trend reads hours of moves by index ranges (StageDayCounts).
stageMoveSchema.index({ recorded_hour: 1 });
