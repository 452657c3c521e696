import {
  type FactRegistry,
  type FieldProblem,
  ITEM_NOUN,
  nameKey,
  type ScoringSettings,
} from '@leadflow/domain';
import { checkCriterion } from './criterion';
import { childPointer, isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { checkScoringRule } from './scoring-rule';
import { checkScoringSettings } from './scoring-settings';
import type { QualificationCriterionDocument, ScoringRule } from './types';
import { validateDocument } from './validate-document';
import { checkWorkflow } from './workflow/validate-workflow';
import type { Workflow } from './workflow/workflow-types';

/** A rule set as kept in git: every section optional, every item validated as its own document would be. */
export interface Bundle {
  rules: ScoringRule[];
  criteria: QualificationCriterionDocument[];
  workflows: Workflow[];
}

/** A bundle as validated from a file: its sections, and the rule set's settings when the file sets them. */
export interface BundleDocument extends Bundle {
  settings?: ScoringSettings;
}

type ItemCheck<T> = (
  doc: unknown,
  root: string,
  registry: FactRegistry,
  problems: FieldProblem[],
) => T | undefined;

const SECTIONS = {
  rules: checkScoringRule,
  criteria: checkCriterion,
  workflows: checkWorkflow,
} as const;

/**
 * Validates a bundle: the schema covers every item (pointers such as /rules/3/points), then each item gets the
 * checks of its kind, and names must be unique per section, case-insensitively after trimming (as stored
 * names are). Every problem inside a named item also names it (`field`: `rules["Hot"].points`).
 */
export function validateBundle(doc: unknown, registry: FactRegistry): ValidationResult<BundleDocument> {
  const result = checkBundle(doc, registry);
  return result.ok ? result : { ok: false, problems: withItemNames(doc, result.problems) };
}

function checkBundle(doc: unknown, registry: FactRegistry): ValidationResult<BundleDocument> {
  return validateDocument('bundle', doc, (d, _root, problems) => {
    if (!isRecord(d)) return undefined;
    const settings = 'settings' in d ? checkScoringSettings(d.settings, '/settings', problems) : undefined;
    return {
      rules: checkSection(d, 'rules', SECTIONS.rules, registry, problems),
      criteria: checkSection(d, 'criteria', SECTIONS.criteria, registry, problems),
      workflows: checkSection(d, 'workflows', SECTIONS.workflows, registry, problems),
      ...(settings ? { settings } : {}),
    };
  });
}

function checkSection<T>(
  bundle: Record<string, unknown>,
  section: keyof typeof SECTIONS,
  check: ItemCheck<T>,
  registry: FactRegistry,
  problems: FieldProblem[],
): T[] {
  const items = bundle[section];
  if (!Array.isArray(items)) return [];
  const firstIndexByName = new Map<string, number>();
  return items.map((item: unknown, index) => {
    const pointer = childPointer(`/${section}`, index);
    const name = isRecord(item) ? item.name : undefined;
    if (typeof name === 'string') {
      const key = nameKey(name);
      const first = firstIndexByName.get(key);
      if (first === undefined) firstIndexByName.set(key, index);
      else
        problems.push(
          problem(
            `${pointer}/name`,
            ProblemCode.DUPLICATE_NAME,
            `name ${JSON.stringify(name)} is already used by ${ITEM_NOUN[section]} ` +
              `${JSON.stringify(nameOf(items[first]))} (/${section}/${first}); names are unique per section, ` +
              'ignoring case and surrounding spaces',
          ),
        );
    }
    return check(item, pointer, registry, problems) as T;
  });
}

function nameOf(item: unknown): string {
  return isRecord(item) && typeof item.name === 'string' ? item.name : '';
}

/**
 * `/criteria/3/minimum_score` -> `criteria["Marketing Qualified Lead"].minimum_score` when item 3 has a
 * name; pointers outside the sections, or into an item without a usable name, keep their plain form
 * (`criteria.3.minimum_score`), so every problem has a field.
 */
export function itemField(doc: unknown, pointer: string): string | undefined {
  const [section, index, ...rest] = pointer.split('/').slice(1);
  if (section === undefined || index === undefined || !(section in SECTIONS)) return undefined;
  const items = isRecord(doc) ? doc[section] : undefined;
  const name = Array.isArray(items) ? nameOf(items[Number(index)]) : '';
  if (!/^\d+$/.test(index) || name === '') return undefined;
  const tail = rest.map((part) => `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`).join('');
  return `${section}[${JSON.stringify(name)}]${tail}`;
}

function withItemNames(doc: unknown, problems: FieldProblem[]): FieldProblem[] {
  return problems.map((found) => {
    const field = itemField(doc, found.pointer);
    return field === undefined ? found : { ...found, field };
  });
}
