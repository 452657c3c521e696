import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A lead moving from one qualification stage to another, written by the calculation that moved it. */
@Schema({ versionKey: false })
export class StageChangeRecord {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  from_stage!: string;

  @Prop({ type: String, required: true })
  to_stage!: string;

  @Prop({ type: Number, required: true })
  score!: number;

  @Prop({ type: Number, required: true })
  lead_score_id!: number;

  @Prop({ type: Number, required: true })
  rule_set_version!: number;

  @Prop({ type: Date, required: true })
  changed_at!: Date;

  /** the hour it was written (recordedHour), for the per-day counts; never served */
  @Prop({ type: Number })
  recorded_hour?: number;
}

export const STAGE_CHANGE_MODEL = 'StageChange';

export const stageChangeSchema = SchemaFactory.createForClass(StageChangeRecord);
stageChangeSchema.index({ id: 1 }, { unique: true });
stageChangeSchema.index({ lead_id: 1, changed_at: -1 });
// A bulk run's chunk done again looks up the changes its calculations recorded already.
stageChangeSchema.index({ lead_score_id: 1 });
// The stage trend reads hours of changes by index ranges (StageDayCounts).
stageChangeSchema.index({ recorded_hour: 1 });
