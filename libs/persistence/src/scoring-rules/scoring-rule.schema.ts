import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { Category, CompiledScoringRule } from '@leadflow/domain';

/**
 * A scoring rule as stored: the DSL document as the client sent it (`source`, so `value` reads back as the
 * JSON string the guide shows), its normalized form (`definition`) and the json-rules-engine rule it compiles
 * to (`compiled`). `name`, `rule_type`, `is_active`, `priority` and `points` are copied out for filters and
 * ordering.
 */
@Schema({
  versionKey: false,
  minimize: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
})
export class ScoringRuleRecord {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: String, required: true })
  name!: string;

  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  @Prop({ type: String })
  name_key?: string;

  @Prop({ type: String, required: true })
  rule_type!: Category;

  @Prop({ type: Boolean, required: true })
  is_active!: boolean;

  @Prop({ type: Number, required: true })
  priority!: number;

  @Prop({ type: Number, required: true })
  points!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  source!: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  definition!: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  compiled!: CompiledScoringRule;

  /** set by the schema's timestamps */
  created_at!: Date;
  updated_at!: Date;
}

export const SCORING_RULE_MODEL = 'ScoringRule';

export const scoringRuleSchema = SchemaFactory.createForClass(ScoringRuleRecord);
scoringRuleSchema.index({ id: 1 }, { unique: true });
// The list endpoint filters on these and the rule-set publisher reads the active rules.
scoringRuleSchema.index({ is_active: 1, rule_type: 1 });
