import type { FactRegistry, FieldProblem, ScoringSettings } from '@leadflow/domain';
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
 * checks of its kind, and names must be unique per section (rule ids of a bundle are derived from names).
 */
export function validateBundle(doc: unknown, registry: FactRegistry): ValidationResult<BundleDocument> {
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
      const first = firstIndexByName.get(name);
      if (first === undefined) firstIndexByName.set(name, index);
      else
        problems.push(
          problem(
            `${pointer}/name`,
            ProblemCode.DUPLICATE_NAME,
            `name "${name}" is already used by /${section}/${first}`,
          ),
        );
    }
    return check(item, pointer, registry, problems) as T;
  });
}
