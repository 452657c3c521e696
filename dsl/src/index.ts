/**
 * Leadflow DSL: JSON Schemas, validation with every problem listed, rule and workflow compilers, the
 * decompiler and the linter. Pure functions over plain values; no I/O, no framework.
 */
export { ProblemCode, valueOrThrow, type ValidationResult } from './problems';
export { LIMITS } from './limits';
export { DSL_SCHEMAS, type DocumentKind } from './schemas';
export { isDangerousKey } from './document-guards';
export { parseOperand, type OperandValue, type ScalarValue } from './values';
export * from './types';
export { validateScoringRule, DEFAULT_PRIORITY } from './scoring-rule';
export { validateQualificationCriterion } from './criterion';
export { validateBundle, itemField, type Bundle, type BundleDocument } from './bundle';
export { settingsDocument, validateScoringSettings } from './scoring-settings';
export {
  compileScoringRule,
  compileCondition,
  toEngineRule,
  ruleIdFromName,
  type CompileOptions,
} from './compile';
export { decompileScoringRule, decompileCondition, type DecompileMetadata } from './decompile';
export { validateWorkflow } from './workflow/validate-workflow';
export {
  compileWorkflow,
  DEFAULT_RETRY_POLICY,
  type CompileWorkflowOptions,
} from './workflow/compile-workflow';
export * from './workflow/workflow-types';
export { type WorkflowAction, userIdsOf, workflowActions } from './workflow/workflow-actions';
export { parseIsoDuration } from './workflow/duration';
export { cronProblem } from './workflow/cron';
export { detectDocumentKind, validateAnyDocument, type AnyDocumentResult } from './detect-kind';
export { lintBundle, LintCode, type LintWarning } from './lint/lint';
export { jsonSyntaxMessage } from './json-syntax';
export { diffItems, fieldChanges, type FieldChange, type ItemChange, type SectionDiff } from './version-diff';
export {
  planRuleSet,
  canonicalJson,
  BUNDLE_SECTIONS,
  type BundleSection,
  type PlannedAction,
  type PlannedChange,
  type RuleSetPlan,
  type PlanScope,
  type KeptItem,
  PRUNE_ALL,
  type RuleSetApplyResult,
  type StoredDocument,
  type StoredRuleSet,
} from './rule-set-plan';
