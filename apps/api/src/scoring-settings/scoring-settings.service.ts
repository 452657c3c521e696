import { Injectable } from '@nestjs/common';
import { ErrorCode, type ScoringSettings } from '@leadflow/domain';
import { validateScoringSettings, valueOrThrow } from '@leadflow/dsl';
import { ScoringSettingsRepository } from '@leadflow/persistence';
import { ActiveRuleSet, RuleSetPublisher } from '@leadflow/scoring';

/** JSON text with keys sorted: equal for equal settings whatever key order or object realm they come in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

export interface ScoringSettingsView extends ScoringSettings {
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
  async replace(document: unknown, changedBy: string | null): Promise<ScoringSettingsView> {
    const settings = valueOrThrow(
      validateScoringSettings(document),
      ErrorCode.VALIDATION_FAILED,
      'scoring settings',
    );
    const latest = await this.activeRuleSet.current();
    const stored = await this.settings.current();
    if (
      canonical(stored.decay) === canonical(settings.decay) &&
      canonical(latest.ruleSet.decay) === canonical(settings.decay)
    ) {
      return { ...stored, rule_set_version: latest.version };
    }
    await this.settings.replace(settings, changedBy);
    const published = await this.publisher.publish('scoring settings updated', changedBy);
    return { ...(await this.settings.current()), rule_set_version: published.version };
  }
}
