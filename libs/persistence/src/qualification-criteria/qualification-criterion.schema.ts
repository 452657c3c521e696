import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Grade } from '@leadflow/domain';

/** A qualification criterion as the guide writes it, with an integer id and timestamps. */
@Schema({ versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class QualificationCriterionRecord {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: String, required: true })
  name!: string;

  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  @Prop({ type: String })
  name_key?: string;

  @Prop({ type: String, required: true })
  stage!: string;

  /** true when `stage` is a stage of the user's own, outside the known stages */
  @Prop({ type: Boolean })
  custom_stage?: boolean;

  @Prop({ type: Number, required: true })
  minimum_score!: number;

  @Prop({ type: [String], default: [] })
  required_fields!: string[];

  @Prop({ type: [String], default: [] })
  required_actions!: string[];

  @Prop({ type: Number, default: null })
  time_constraint_days!: number | null;

  @Prop({ type: Boolean, required: true })
  is_active!: boolean;

  /** absent: any grade */
  @Prop({ type: String })
  minimum_grade?: Grade;

  @Prop({ type: String })
  description?: string;

  /** set by the schema's timestamps */
  created_at!: Date;
  updated_at!: Date;
}

export const QUALIFICATION_CRITERION_MODEL = 'QualificationCriterion';

export const qualificationCriterionSchema = SchemaFactory.createForClass(QualificationCriterionRecord);
qualificationCriterionSchema.index({ id: 1 }, { unique: true });
