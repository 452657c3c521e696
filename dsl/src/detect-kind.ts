import type { FactRegistry, ScoringSettings } from '@leadflow/domain';
import { validateBundle, type BundleDocument } from './bundle';
import { validateQualificationCriterion } from './criterion';
import { isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { DSL_SCHEMAS, type DocumentKind } from './schemas';
import { validateScoringRule } from './scoring-rule';
import { validateScoringSettings } from './scoring-settings';
import type { QualificationCriterionDocument, ScoringRule } from './types';
import { validateWorkflow } from './workflow/validate-workflow';
import type { Workflow } from './workflow/workflow-types';

/**
 * What a document is: its `kind` when it says, otherwise its shape (the guide's documents carry no kind).
 * Undefined when neither tells.
 */
export function detectDocumentKind(doc: unknown): DocumentKind | undefined {
  if (!isRecord(doc)) return undefined;
  if (typeof doc.kind === 'string' && doc.kind in DSL_SCHEMAS) return doc.kind as DocumentKind;
  if (['rules', 'criteria', 'workflows', 'settings'].some((key) => key in doc)) return 'bundle';
  if ('decay' in doc) return 'scoring_settings';
  if ('trigger_type' in doc || 'action_type' in doc || 'steps' in doc) return 'workflow';
  if ('stage' in doc || 'minimum_score' in doc) return 'qualification_criterion';
  if ('rule_type' in doc || 'field_name' in doc || 'conditions' in doc || 'points' in doc)
    return 'scoring_rule';
  return undefined;
}

export type AnyDocumentResult =
  | { kind: 'scoring_rule'; result: ValidationResult<ScoringRule> }
  | { kind: 'qualification_criterion'; result: ValidationResult<QualificationCriterionDocument> }
  | { kind: 'workflow'; result: ValidationResult<Workflow> }
  | { kind: 'scoring_settings'; result: ValidationResult<ScoringSettings> }
  | { kind: 'bundle'; result: ValidationResult<BundleDocument> }
  | { kind: undefined; result: ValidationResult<never> };

/** Validates a document of any kind (as the CLI reads files); an unrecognizable document is one problem. */
export function validateAnyDocument(doc: unknown, registry: FactRegistry): AnyDocumentResult {
  const kind = detectDocumentKind(doc);
  switch (kind) {
    case 'scoring_rule':
      return { kind, result: validateScoringRule(doc, registry) };
    case 'qualification_criterion':
      return { kind, result: validateQualificationCriterion(doc, registry) };
    case 'workflow':
      return { kind, result: validateWorkflow(doc, registry) };
    case 'scoring_settings':
      return { kind, result: validateScoringSettings(doc) };
    case 'bundle':
      return { kind, result: validateBundle(doc, registry) };
    case undefined: {
      const message = isRecord(doc)
        ? 'cannot tell what this document is: add "kind" (scoring_rule, qualification_criterion, workflow, scoring_settings, bundle)'
        : 'a document must be a JSON object';
      const code = isRecord(doc) ? ProblemCode.UNKNOWN_DOCUMENT_KIND : ProblemCode.NOT_AN_OBJECT;
      return { kind, result: { ok: false, problems: [problem('', code, message)] } };
    }
  }
}
