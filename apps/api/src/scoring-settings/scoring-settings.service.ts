import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ScoringSettings } from '@leadflow/domain';
import { validateScoringSettings, valueOrThrow } from '@leadflow/dsl';
import { ScoringSettingsRepository } from '@leadflow/persistence';
import { ActiveRuleSet, RuleSetPublisher } from '@leadflow/scoring';
import { Published } from '../http/rescoring-header';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text with keys sorted: equal for equal settings whatever key order or object realm they come in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

/** The settings themselves, without the stored document's bookkeeping. */
function settingsOnly({ decay, caps, grading }: ScoringSettings): ScoringSettings {
  return { decay, caps, grading };
}

export interface ScoringSettingsView extends ScoringSettings {
  rescore_on_publish: boolean;
  rule_set_version: number;
  updated_at: Date | null;
  updated_by: string | null;
}

/**
 * The rule set's settings (score decay). A change is validated by the DSL (every problem listed) and published
 * as a new rule-set version, since settings belong to the rule set: a score's version names the decay it used.
 */
@Injectable()
export class ScoringSettingsService {
  constructor(
    private readonly settings: ScoringSettingsRepository,
    private readonly publisher: RuleSetPublisher,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  async get(): Promise<ScoringSettingsView> {
    const [current, latest] = await Promise.all([this.settings.current(), this.activeRuleSet.current()]);
    return { ...current, rule_set_version: latest.version };
  }

  /**
   * Stores and publishes the settings. Sending what the latest version already holds publishes nothing, so
   * applying the same settings again (from CI, say) does not add versions.
   */
  async replace(document: unknown, changedBy: string | null): Promise<Published<ScoringSettingsView>> {
    // rescore_on_publish is the API's switch, not part of the DSL's (versioned) settings
    const { rescore_on_publish: rescore, ...rest } = isRecord(document) ? document : { document };
    if (rescore !== undefined && typeof rescore !== 'boolean') {
      const message = 'rescore_on_publish must be true or false';
      throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [
        { pointer: '/rescore_on_publish', code: 'INVALID_TYPE', message },
      ]);
    }
    const settings = valueOrThrow(
      validateScoringSettings(isRecord(document) ? rest : document),
      ErrorCode.VALIDATION_FAILED,
      'scoring settings',
    );
    if (typeof rescore === 'boolean') await this.settings.setRescoreOnPublish(rescore, changedBy);
    if ((await this.changeTo(settings)) === null) return new Published(await this.get(), null);
    await this.store(settings, changedBy);
    const published = await this.publisher.publish('scoring settings updated', changedBy);
    const view = { ...(await this.settings.current()), rule_set_version: published.version };
    return new Published(view, published.rescoring);
  }

  /**
   * What setting `settings` would change: the current and the new settings, or null when both the stored
   * settings and the latest version already hold them.
   */
  async changeTo(settings: ScoringSettings): Promise<{ from: ScoringSettings; to: ScoringSettings } | null> {
    const [stored, latest] = await Promise.all([this.settings.current(), this.activeRuleSet.current()]);
    const wanted = canonical(settingsOnly(settings));
    const storedNow = settingsOnly(stored);
    if (canonical(storedNow) === wanted && canonical(latest.ruleSet.settings) === wanted) return null;
    return { from: storedNow, to: settingsOnly(settings) };
  }

  /** Stores validated settings without publishing, for a caller that publishes one version for many changes. */
  store(settings: ScoringSettings, changedBy: string | null): Promise<void> {
    return this.settings.replace(settings, changedBy);
  }
}
