/**
 * Size caps on documents. They bound the work a single request can cause (validation, compilation, storage,
 * evaluation per lead) and are mirrored by maxLength/maxItems in dsl/schemas (schemas.spec.ts keeps them equal).
 */
export const LIMITS = {
  nameLength: 200,
  descriptionLength: 2000,
  stringValueLength: 1000,
  listItems: 500,
  /** nested all/any/not groups on one path */
  conditionDepth: 8,
  conditionLeaves: 200,
  workflowSteps: 50,
  /** a JSON-encoded `value` string is parsed only below this size */
  encodedValueLength: 600_000,
  /** any JSON nesting deeper than this is refused before schema validation, to keep recursion bounded */
  documentDepth: 48,
  maxPriority: 1000,
  maxPoints: 100,
  bundleItems: 1000,
  maxDelayDays: 365,
} as const;
