import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  legacyCountsTowardGrade,
  type ScoringSettings,
  withSettingsDefaults,
} from '@leadflow/domain';
import { diffItems, type SectionDiff } from '@leadflow/dsl';
import {
  type RuleSetVersionRecord,
  RuleSetVersionsRepository,
  type RuleSetVersionSummary,
  type VersionedCriterion,
  type VersionedRule,
} from '@leadflow/persistence';

export interface RuleSetDiff<Rule, Criterion> extends SectionDiff<Rule> {
  from: number;
  to: number;
  criteria: SectionDiff<Criterion>;
  /** both versions' settings when they differ, else null */
  settings: { from: ScoringSettings; to: ScoringSettings } | null;
}

/** A version's settings; versions published before settings (or caps and grades) existed lack them. */
function settingsOf(record: RuleSetVersionRecord): ScoringSettings {
  return withSettingsDefaults(record.settings);
}

/** A rule as its author edits it: the DSL source with the values the version scored with. */
function ruleDocument(rule: VersionedRule): Record<string, unknown> {
  const { name, rule_type, points, priority, is_active, counts_toward_grade } = rule;
  return { ...rule.source, name, rule_type, points, priority, is_active, counts_toward_grade };
}

function criterionDocument({ id: _id, ...criterion }: VersionedCriterion): Record<string, unknown> {
  return criterion;
}

/** Published rule-set versions: list, read one, compare two. Versions are immutable. */
@Injectable()
export class RuleSetVersionsService {
  constructor(private readonly versions: RuleSetVersionsRepository) {}

  list(skip: number, limit: number): Promise<{ count: number; results: RuleSetVersionSummary[] }> {
    return this.versions.list(skip, limit);
  }

  async get(version: number): Promise<RuleSetVersionRecord> {
    const found = await this.versions.find(version);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `rule-set version ${version} does not exist`);
    // Versions published before rules carried counts_toward_grade graded by the categories their settings
    // named: each rule says what it was, so the view and the diff show the grading the version scored with.
    const rules = found.rules.map((rule) => ({
      ...rule,
      counts_toward_grade:
        rule.counts_toward_grade ?? legacyCountsTowardGrade(found.settings?.grading, rule.rule_type),
    }));
    return { ...found, rules, settings: settingsOf(found) };
  }

  /**
   * What changed from version `from` to version `to`: items added and removed, and for each changed item
   * (paired by id, else by name) every field that differs, old -> new.
   */
  async diff(from: number, to: number): Promise<RuleSetDiff<VersionedRule, VersionedCriterion>> {
    const [before, after] = await Promise.all([this.get(from), this.get(to)]);
    return {
      from,
      to,
      ...diffItems(before.rules, after.rules, ruleDocument),
      criteria: diffItems(before.criteria, after.criteria, criterionDocument),
      settings:
        JSON.stringify(settingsOf(before)) === JSON.stringify(settingsOf(after))
          ? null
          : { from: settingsOf(before), to: settingsOf(after) },
    };
  }
}
