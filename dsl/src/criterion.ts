import type { FactRegistry, FieldProblem } from '@leadflow/domain';
import { childPointer, isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { didYouMean } from './suggest';
import type { QualificationCriterion } from './types';
import { validateDocument } from './validate-document';

/** The stage a lead has when no criterion is met; a criterion may not claim it. */
export const UNQUALIFIED_STAGE = 'unqualified';

export function validateQualificationCriterion(doc: unknown, registry: FactRegistry): ValidationResult<QualificationCriterion> {
  return validateDocument('qualification_criterion', doc, (d, root, problems) => checkCriterion(d, root, registry, problems));
}

export function checkCriterion(
  doc: unknown,
  root: string,
  registry: FactRegistry,
  problems: FieldProblem[],
): QualificationCriterion | undefined {
  if (!isRecord(doc)) return undefined;
  if (doc.stage === UNQUALIFIED_STAGE) {
    problems.push(problem(`${root}/stage`, ProblemCode.RESERVED_STAGE, `"${UNQUALIFIED_STAGE}" is the stage of leads that meet no criterion`));
  }
  const requiredFields = Array.isArray(doc.required_fields) ? doc.required_fields : [];
  requiredFields.forEach((field: unknown, index) => {
    if (typeof field === 'string' && field.length > 0 && !registry.has(field)) {
      problems.push(
        problem(
          childPointer(`${root}/required_fields`, index),
          ProblemCode.UNKNOWN_FACT,
          `unknown field "${field}"${didYouMean(field, registry.names())}`,
        ),
      );
    }
  });
  return {
    name: doc.name as string,
    stage: doc.stage as string,
    minimum_score: doc.minimum_score as number,
    required_fields: requiredFields as string[],
    required_actions: Array.isArray(doc.required_actions) ? (doc.required_actions as string[]) : [],
    ...(typeof doc.time_constraint_days === 'number' ? { time_constraint_days: doc.time_constraint_days } : {}),
    is_active: (doc.is_active as boolean | undefined) ?? true,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
  };
}
