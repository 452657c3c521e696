import { isGrade, UNQUALIFIED_STAGE, type FactRegistry, type FieldProblem } from '@leadflow/domain';
import { childPointer, isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { didYouMean } from './suggest';
import type { QualificationCriterionDocument } from './types';
import { validateDocument } from './validate-document';

export function validateQualificationCriterion(
  doc: unknown,
  registry: FactRegistry,
): ValidationResult<QualificationCriterionDocument> {
  return validateDocument('qualification_criterion', doc, (d, root, problems) =>
    checkCriterion(d, root, registry, problems),
  );
}

export function checkCriterion(
  doc: unknown,
  root: string,
  registry: FactRegistry,
  problems: FieldProblem[],
): QualificationCriterionDocument | undefined {
  if (!isRecord(doc)) return undefined;
  // the stage of leads that meet no criterion; a criterion claiming it would make stages ambiguous
  if (doc.stage === UNQUALIFIED_STAGE) {
    problems.push(
      problem(
        `${root}/stage`,
        ProblemCode.RESERVED_STAGE,
        `"${UNQUALIFIED_STAGE}" is the stage of leads that meet no criterion`,
      ),
    );
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
    time_constraint_days: typeof doc.time_constraint_days === 'number' ? doc.time_constraint_days : null,
    is_active: (doc.is_active as boolean | undefined) ?? true,
    ...(isGrade(doc.minimum_grade) ? { minimum_grade: doc.minimum_grade } : {}),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
  };
}
