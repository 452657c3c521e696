import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { ScoringSettings } from '@leadflow/domain';

/**
 * The rule set's settings as they are now: one document, the source the publisher snapshots into each
 * rule-set version (as it snapshots rules from their collection), so concurrent publishers never lose a
 * settings change. Scoring never reads this; it reads the settings of the version it scores with.
 */
@Schema({ versionKey: false, minimize: false })
export class ScoringSettingsRecord implements ScoringSettings {
  /** always "current": the unique key of the one document */
  @Prop({ type: String, required: true })
  key!: string;

  // Mixed: a validated DSL document (the DSL owns its shape); null is no decay.
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  decay!: ScoringSettings['decay'];

  /**
   * Whether publishing a rule set (rule-sets/apply) starts a bulk rescoring of every lead; absent is on.
   * An operational switch, not a scoring input: it is not part of the published versions.
   */
  @Prop({ type: Boolean })
  rescore_on_publish?: boolean;

  // null is no caps
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  caps!: ScoringSettings['caps'];

  // undefined (a document from before grades) is the default grading, null is none: no default here
  @Prop({ type: MongooseSchema.Types.Mixed })
  grading!: ScoringSettings['grading'];

  @Prop({ type: Date, required: true })
  updated_at!: Date;

  @Prop({ type: String, default: null })
  updated_by!: string | null;
}

export const SCORING_SETTINGS_MODEL = 'ScoringSettings';
export const SCORING_SETTINGS_KEY = 'current';

export const scoringSettingsSchema = SchemaFactory.createForClass(ScoringSettingsRecord);
scoringSettingsSchema.index({ key: 1 }, { unique: true });
