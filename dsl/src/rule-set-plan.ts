import { type FactRegistry, nameKey, type ScoringSettings } from '@leadflow/domain';
import type { Bundle } from './bundle';
import { validateQualificationCriterion } from './criterion';
import type { LintWarning } from './lint/lint';
import type { ValidationResult } from './problems';
import { validateScoringRule } from './scoring-rule';
import { validateWorkflow } from './workflow/validate-workflow';

export type BundleSection = keyof Bundle;
export const BUNDLE_SECTIONS: readonly BundleSection[] = ['rules', 'criteria', 'workflows'];

/** One stored rule, criterion or workflow: its id and the DSL document it was saved from. */
export interface StoredDocument {
  id: number;
  name: string;
  document: Record<string, unknown>;
}

export type StoredRuleSet = Record<BundleSection, StoredDocument[]>;

export type PlannedAction = 'create' | 'update' | 'delete';

export interface PlannedChange {
  section: BundleSection;
  action: PlannedAction;
  name: string;
  /** the stored id (update, delete), null for a create */
  id: number | null;
  /** the item's position in the desired bundle (create, update), null for a delete */
  index: number | null;
  /** top-level fields whose normalized values differ (update only) */
  fields: string[];
}

/** A stored item the desired rule set leaves out, kept because deleting was not asked for (no prune). */
export interface KeptItem {
  section: BundleSection;
  name: string;
  id: number;
}

export interface RuleSetPlan {
  changes: PlannedChange[];
  unchanged: Record<BundleSection, number>;
  kept: KeptItem[];
}

/**
 * What a plan may delete. Only with `prune`, and only in `sections` (those the folder or bundle holds): a
 * folder of rules alone says nothing about criteria or workflows.
 */
export interface PlanScope {
  prune: boolean;
  sections: readonly BundleSection[];
}

export const PRUNE_ALL: PlanScope = { prune: true, sections: ['rules', 'criteria', 'workflows'] };

/** What POST rule-sets/apply/ answers: the API builds it, the CLI prints it. */
export interface RuleSetApplyResult {
  dry_run: boolean;
  changes: PlannedChange[];
  summary: { create: number; update: number; delete: number; unchanged: number; kept: number };
  /** stored items the bundle leaves out that stay, since deleting was not asked for (prune) */
  kept: KeptItem[];
  /** the bulk rescoring the published version started (rescore_on_publish); null when none was started */
  rescoring: { job_id: string } | null;
  /** the rule-set version the apply published; null for a dry run, or when rules and criteria were unchanged */
  rule_set_version: number | null;
  warnings: LintWarning[];
  /** the settings change the bundle makes; null when it sets none or they are unchanged */
  settings: { from: ScoringSettings; to: ScoringSettings } | null;
}

const VALIDATORS: Record<BundleSection, (doc: unknown, registry: FactRegistry) => ValidationResult<unknown>> =
  {
    rules: validateScoringRule,
    criteria: validateQualificationCriterion,
    workflows: validateWorkflow,
  };

/**
 * What applying `desired` (the rule set as kept in git) to what is stored would change. Items are matched
 * by name within their section, as names are unique: ignoring case and surrounding spaces (so "hot lead"
 * renames "Hot Lead" rather than replacing it). A stored item the bundle lacks is deleted when `scope`
 * prunes its section, and kept (listed) otherwise. Both sides are compared in their validated, normalized
 * form, so `"3"` and `3`, or a default left out and the default written, are equal.
 */
export function planRuleSet(
  desired: Bundle,
  stored: StoredRuleSet,
  registry: FactRegistry,
  scope: PlanScope = PRUNE_ALL,
): RuleSetPlan {
  const changes: PlannedChange[] = [];
  const kept: KeptItem[] = [];
  const unchanged = { rules: 0, criteria: 0, workflows: 0 };
  for (const section of BUNDLE_SECTIONS) {
    const byName = new Map<string, StoredDocument>();
    const leftOver: StoredDocument[] = [];
    for (const item of [...stored[section]].sort((a, b) => a.id - b.id)) {
      // two stored items with one name predate the unique index; the later one is the left-over
      if (byName.has(nameKey(item.name))) leftOver.push(item);
      else byName.set(nameKey(item.name), item);
    }
    (desired[section] as { name: string }[]).forEach((wanted, index) => {
      const match = byName.get(nameKey(wanted.name));
      if (!match) {
        changes.push({ section, action: 'create', name: wanted.name, id: null, index, fields: [] });
        return;
      }
      byName.delete(nameKey(wanted.name));
      const fields = changedFields(normalized(section, match.document, registry), wanted);
      if (fields.length === 0) unchanged[section] += 1;
      else changes.push({ section, action: 'update', name: wanted.name, id: match.id, index, fields });
    });
    const prunes = scope.prune && scope.sections.includes(section);
    for (const item of [...leftOver, ...byName.values()].sort((a, b) => a.id - b.id)) {
      if (prunes) changes.push(deletion(section, item));
      else kept.push({ section, name: item.name, id: item.id });
    }
  }
  return { changes, unchanged, kept };
}

function deletion(section: BundleSection, item: StoredDocument): PlannedChange {
  return { section, action: 'delete', name: item.name, id: item.id, index: null, fields: [] };
}

/** A stored document as the validator normalizes it; one no longer valid is compared as it is (so it differs). */
function normalized(section: BundleSection, document: unknown, registry: FactRegistry): unknown {
  const result = VALIDATORS[section](document, registry);
  return result.ok ? result.value : document;
}

function changedFields(current: unknown, wanted: unknown): string[] {
  const left = asRecord(current);
  const right = asRecord(wanted);
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  return keys.filter((key) => canonicalJson(left[key]) !== canonicalJson(right[key]));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** JSON with object keys sorted at every level, so that equal values have equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}
