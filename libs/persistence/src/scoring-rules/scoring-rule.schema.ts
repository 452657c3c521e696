import { Schema } from 'mongoose';
import type { Category, CompiledScoringRule } from '@leadflow/domain';

/**
 * A scoring rule as stored: the DSL document as the client sent it (`source`, so `value` reads back as the
 * JSON string the guide shows), its normalized form (`definition`) and the json-rules-engine rule it compiles
 * to (`compiled`). `name`, `rule_type`, `is_active`, `priority` and `points` are copied out for filters and
 * ordering.
 */
export interface ScoringRuleRecord {
  id: number;
  name: string;
  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  name_key?: string;
  rule_type: Category;
  is_active: boolean;
  priority: number;
  points: number;
  source: Record<string, unknown>;
  definition: Record<string, unknown>;
  compiled: CompiledScoringRule;
  created_at: Date;
  updated_at: Date;
}

export const SCORING_RULE_MODEL = 'ScoringRule';

export const scoringRuleSchema = new Schema<ScoringRuleRecord>(
  {
    id: { type: Number, required: true },
    name: { type: String, required: true },
    name_key: { type: String },
    rule_type: { type: String, required: true },
    is_active: { type: Boolean, required: true },
    priority: { type: Number, required: true },
    points: { type: Number, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    compiled: { type: Schema.Types.Mixed, required: true },
  },
  {
    versionKey: false,
    minimize: false,
    timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  },
);
scoringRuleSchema.index({ id: 1 }, { unique: true });
// The list endpoint filters on these and the rule-set publisher reads the active rules.
scoringRuleSchema.index({ is_active: 1, rule_type: 1 });
