import type { FactRegistry, ScoringSettings } from '@leadflow/domain';
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

export interface RuleSetPlan {
  changes: PlannedChange[];
  unchanged: Record<BundleSection, number>;
}

/** What POST rule-sets/apply/ answers: the API builds it, the CLI prints it. */
export interface RuleSetApplyResult {
  dry_run: boolean;
  changes: PlannedChange[];
  summary: { create: number; update: number; delete: number; unchanged: number };
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
 * What applying `desired` (the whole rule set, as kept in git) to what is stored would change. Items are
 * matched by name within their section (names are unique in a bundle); a stored item whose name the bundle
 * lacks is deleted, as is any later stored item repeating a name. Both sides are compared in their
 * validated, normalized form, so `"3"` and `3`, or a default left out and the default written, are equal.
 */
export function planRuleSet(desired: Bundle, stored: StoredRuleSet, registry: FactRegistry): RuleSetPlan {
  const changes: PlannedChange[] = [];
  const unchanged = { rules: 0, criteria: 0, workflows: 0 };
  for (const section of BUNDLE_SECTIONS) {
    const byName = new Map<string, StoredDocument>();
    for (const item of [...stored[section]].sort((a, b) => a.id - b.id)) {
      if (byName.has(item.name)) changes.push(deletion(section, item));
      else byName.set(item.name, item);
    }
    (desired[section] as { name: string }[]).forEach((wanted, index) => {
      const match = byName.get(wanted.name);
      if (!match) {
        changes.push({ section, action: 'create', name: wanted.name, id: null, index, fields: [] });
        return;
      }
      byName.delete(wanted.name);
      const fields = changedFields(normalized(section, match.document, registry), wanted);
      if (fields.length === 0) unchanged[section] += 1;
      else changes.push({ section, action: 'update', name: wanted.name, id: match.id, index, fields });
    });
    for (const leftOver of byName.values()) changes.push(deletion(section, leftOver));
  }
  return { changes, unchanged };
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
