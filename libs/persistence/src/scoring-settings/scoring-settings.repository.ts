import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  type Category,
  DEFAULT_SCORING_SETTINGS,
  isCategory,
  type ScoringSettings,
  withSettingsDefaults,
} from '@leadflow/domain';
import { isDuplicateKeyError } from '../sequential-ids';
import {
  SCORING_SETTINGS_KEY,
  SCORING_SETTINGS_MODEL,
  type ScoringSettingsRecord,
} from './scoring-settings.schema';

export type ScoringSettingsState = ScoringSettings & {
  rescore_on_publish: boolean;
  updated_at: Date | null;
  updated_by: string | null;
};

@Injectable()
export class ScoringSettingsRepository {
  constructor(@InjectModel(SCORING_SETTINGS_MODEL) private readonly settings: Model<ScoringSettingsRecord>) {}

  /** The current settings; the defaults (no decay) until someone sets them. */
  async current(): Promise<ScoringSettingsState> {
    const found = await this.settings
      .findOne(
        { key: SCORING_SETTINGS_KEY },
        { _id: 0, decay: 1, caps: 1, grading: 1, rescore_on_publish: 1, updated_at: 1, updated_by: 1 },
      )
      .lean<
        Partial<ScoringSettings> &
          Pick<ScoringSettingsRecord, 'rescore_on_publish' | 'updated_at' | 'updated_by'>
      >()
      .exec();
    if (!found) {
      return { ...DEFAULT_SCORING_SETTINGS, rescore_on_publish: true, updated_at: null, updated_by: null };
    }
    return {
      ...withSettingsDefaults(found),
      rescore_on_publish: found.rescore_on_publish ?? true,
      updated_at: found.updated_at,
      updated_by: found.updated_by,
    };
  }

  /** Sets whether publishing rescores every lead; the scoring settings stay as they are. */
  async setRescoreOnPublish(value: boolean, updatedBy: string | null): Promise<void> {
    await this.write({ rescore_on_publish: value, updated_at: new Date(), updated_by: updatedBy });
  }

  /** Replaces the settings (they are one small document, written whole). */
  async replace(settings: ScoringSettings, updatedBy: string | null): Promise<void> {
    const { decay, caps, grading } = settings;
    await this.write({ decay, caps, grading, updated_at: new Date(), updated_by: updatedBy });
  }

  /**
   * The fit categories the settings named before rules carried `counts_toward_grade`; null when they name
   * none (never did, or already moved onto the rules).
   */
  async legacyFitCategories(): Promise<Category[] | null> {
    const found = await this.settings
      .findOne({ key: SCORING_SETTINGS_KEY }, { _id: 0, grading: 1 })
      .lean<{ grading?: { categories?: unknown } | null }>()
      .exec();
    const categories = found?.grading?.categories;
    if (!Array.isArray(categories)) return null;
    return categories.filter(
      (category): category is Category => typeof category === 'string' && isCategory(category),
    );
  }

  /** Removes the legacy fit categories; true for the one caller that removed them (replicas may race). */
  async dropLegacyFitCategories(): Promise<boolean> {
    const result = await this.settings
      .updateOne(
        { key: SCORING_SETTINGS_KEY, 'grading.categories': { $exists: true } },
        { $unset: { 'grading.categories': '' } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  private async write(fields: Partial<ScoringSettingsRecord>): Promise<void> {
    const filter = { key: SCORING_SETTINGS_KEY };
    const update = { $set: fields };
    try {
      await this.settings.updateOne(filter, update, { upsert: true }).exec();
    } catch (error) {
      // Two first-ever writes race on the unique key; the document exists now, so write it again.
      if (!isDuplicateKeyError(error)) throw error;
      await this.settings.updateOne(filter, update).exec();
    }
  }
}
