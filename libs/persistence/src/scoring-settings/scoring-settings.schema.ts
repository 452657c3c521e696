import { Schema } from 'mongoose';
import type { ScoringSettings } from '@leadflow/domain';

/**
 * The rule set's settings as they are now: one document, the source the publisher snapshots into each
 * rule-set version (as it snapshots rules from their collection), so concurrent publishers never lose a
 * settings change. Scoring never reads this; it reads the settings of the version it scores with.
 */
export interface ScoringSettingsRecord extends ScoringSettings {
  /** always "current": the unique key of the one document */
  key: string;
  /**
   * Whether publishing a rule set (rule-sets/apply) starts a bulk rescoring of every lead; absent is on.
   * An operational switch, not a scoring input: it is not part of the published versions.
   */
  rescore_on_publish?: boolean;
  updated_at: Date;
  updated_by: string | null;
}

export const SCORING_SETTINGS_MODEL = 'ScoringSettings';
export const SCORING_SETTINGS_KEY = 'current';

export const scoringSettingsSchema = new Schema<ScoringSettingsRecord>(
  {
    key: { type: String, required: true },
    // Mixed: a validated DSL document (the DSL owns its shape); null is no decay.
    decay: { type: Schema.Types.Mixed, default: null },
    rescore_on_publish: { type: Boolean },
    // null is no caps
    caps: { type: Schema.Types.Mixed, default: null },
    // undefined (a document from before grades) is the default grading, null is none: no default here
    grading: { type: Schema.Types.Mixed },
    updated_at: { type: Date, required: true },
    updated_by: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
scoringSettingsSchema.index({ key: 1 }, { unique: true });
