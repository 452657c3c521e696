import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type {
  Category,
  CompiledScoringRule,
  QualificationCriterion,
  ScoringSettings,
} from '@leadflow/domain';

/** One rule as a version saw it: enough to score with (`compiled`) and to show and diff (`source`). */
export interface VersionedRule {
  id: number;
  name: string;
  rule_type: Category;
  points: number;
  priority: number;
  is_active: boolean;
  /**
   * whether its points count toward the grade; absent on versions published before rules carried it, whose
   * settings named the fit categories instead (read through legacyCountsTowardGrade)
   */
  counts_toward_grade?: boolean;
  source: Record<string, unknown>;
  compiled: CompiledScoringRule;
}

export type VersionedCriterion = QualificationCriterion & {
  id: number;
  description?: string;
  custom_stage?: boolean;
};

/**
 * An immutable snapshot of every scoring rule and qualification criterion and of the settings, published on
 * each change to any of them. Scores record the `version` they were computed with, so a score can always be explained by the
 * exact rules it saw, and a bulk run never mixes two versions inside one score.
 */
@Schema({ versionKey: false, minimize: false, timestamps: { createdAt: 'created_at', updatedAt: false } })
export class RuleSetVersionRecord {
  @Prop({ type: Number, required: true })
  version!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  rules!: VersionedRule[];

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  criteria!: VersionedCriterion[];

  /**
   * the rule set's settings (decay, caps, grading); absent on versions published before settings existed,
   * and without caps and grading on those published before them: read through withSettingsDefaults
   */
  @Prop({ type: MongooseSchema.Types.Mixed })
  settings?: Partial<ScoringSettings>;

  /** what changed, in words: "scoring rule 3 updated" */
  @Prop({ type: String, required: true })
  reason!: string;

  /** username of whoever made the change, when known */
  @Prop({ type: String, default: null })
  created_by!: string | null;

  /** set by the schema's timestamps */
  created_at!: Date;
}

export const RULE_SET_VERSION_MODEL = 'RuleSetVersion';

export const ruleSetVersionSchema = SchemaFactory.createForClass(RuleSetVersionRecord);
// Unique: two concurrent publishers cannot take the same number; the loser takes the next one.
ruleSetVersionSchema.index({ version: 1 }, { unique: true });

export const RULE_SET_VERSION_HEAD_MODEL = 'RuleSetVersionHead';
export const RULE_SET_VERSION_CLAIM_MODEL = 'RuleSetVersionClaim';

/**
 * One tiny document per published version number. The latest number is read on every score calculation;
 * FerretDB sorts by loading whole documents, and version snapshots carry every rule, so sorting the
 * snapshots themselves took seconds once there were a few hundred versions.
 */
@Schema({ versionKey: false })
export class VersionHead {
  @Prop({ type: Number, required: true })
  version!: number;
}
export const versionHeadSchema = SchemaFactory.createForClass(VersionHead);
versionHeadSchema.index({ version: 1 }, { unique: true });

/**
 * A version number taken by a publisher before it reads the rules it snapshots. Claims and heads have the
 * same shape but not the same meaning: a claim exists from the moment a number is taken, a head only once
 * its snapshot is stored (scoring reads heads, so it never sees a number without its snapshot).
 */
export const versionClaimSchema = SchemaFactory.createForClass(VersionHead);
versionClaimSchema.index({ version: 1 }, { unique: true });
