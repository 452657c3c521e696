import { Injectable } from '@nestjs/common';
import {
  type FactRegistry,
  legacyCountsTowardGrade,
  type QualificationCriterion,
  type ScoringSettings,
  type ScoringRuleForEngine,
  withSettingsDefaults,
} from '@leadflow/domain';
import { compileRuleSet, type CompiledRuleSet, RuleSetCache } from '@leadflow/engine';
import { LeadFacts, RuleSetVersionsRepository, type VersionedRule } from '@leadflow/persistence';

/** Everything one calculation needs from one rule-set version. */
export interface ScoringContext {
  version: number;
  ruleSet: CompiledRuleSet;
  criteria: readonly QualificationCriterion[];
}

/** A version's rules for the engine; `settings` as the version stored them, for its legacy fit categories. */
export function toEngineRules(
  rules: readonly VersionedRule[],
  settings?: Partial<ScoringSettings>,
): ScoringRuleForEngine[] {
  return rules.map((rule) => ({
    rule_id: String(rule.id),
    name: rule.name,
    category: rule.rule_type,
    points: rule.points,
    priority: rule.priority,
    is_active: rule.is_active,
    conditions: rule.compiled.conditions,
    counts_toward_grade:
      rule.counts_toward_grade ?? legacyCountsTowardGrade(settings?.grading, rule.rule_type),
  }));
}

const CACHED_VERSIONS = 8;

/**
 * The latest published rule set, compiled once per version (RuleSetCache) and read with one small query
 * per calculation. Versions are immutable, so a cached entry never goes stale.
 */
@Injectable()
export class ActiveRuleSet {
  private readonly ruleSets = new RuleSetCache(CACHED_VERSIONS);
  private readonly criteriaByVersion = new Map<string, readonly QualificationCriterion[]>();

  constructor(
    private readonly versions: RuleSetVersionsRepository,
    private readonly facts: LeadFacts,
  ) {}

  /** The process's fact registry (LeadFacts), which the rule sets are compiled against. */
  get registry(): FactRegistry {
    return this.facts.registry;
  }

  async current(): Promise<ScoringContext> {
    return this.at(await this.versions.latestNumber());
  }

  async at(version: number): Promise<ScoringContext> {
    const key = String(version);
    const cached = this.ruleSets.get(key);
    const cachedCriteria = this.criteriaByVersion.get(key);
    if (cached && cachedCriteria) return { version, ruleSet: cached, criteria: cachedCriteria };

    // Version 0 is the empty set before anything was published.
    const record = version === 0 ? null : await this.versions.find(version);
    // A version published before settings existed has none: no decay or caps, as it was scored then.
    const ruleSet = compileRuleSet(
      key,
      toEngineRules(record?.rules ?? [], record?.settings),
      this.registry,
      withSettingsDefaults(record?.settings),
    );
    const criteria = record?.criteria ?? [];
    this.ruleSets.set(ruleSet);
    this.criteriaByVersion.set(key, criteria);
    for (const stale of this.criteriaByVersion.keys()) {
      if (!this.ruleSets.versions().includes(stale)) this.criteriaByVersion.delete(stale);
    }
    return { version, ruleSet, criteria };
  }
}
