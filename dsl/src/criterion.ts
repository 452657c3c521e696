import {
  isGrade,
  KNOWN_STAGES,
  UNQUALIFIED_STAGE,
  type FactRegistry,
  type FieldProblem,
} from '@leadflow/domain';
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
  problems.push(...stageProblems(doc, root));
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
    ...(doc.custom_stage === true ? { custom_stage: true } : {}),
    ...(isGrade(doc.minimum_grade) ? { minimum_grade: doc.minimum_grade } : {}),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
  };
}

/** Pattern of a stage name (the schema's); a name that misses it has its INVALID_FORMAT problem already. */
const STAGE_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** A stage outside the known set must be declared custom; a known one declared custom is a contradiction. */
function stageProblems(doc: Record<string, unknown>, root: string): FieldProblem[] {
  const { stage } = doc;
  if (typeof stage !== 'string' || !STAGE_NAME.test(stage) || stage === UNQUALIFIED_STAGE) return [];
  const known = KNOWN_STAGES.includes(stage);
  if (!known && doc.custom_stage !== true) {
    return [
      problem(
        `${root}/stage`,
        ProblemCode.INVALID_ENUM,
        `"${stage}" is not a known stage (${KNOWN_STAGES.join(', ')})${didYouMean(stage, KNOWN_STAGES)}; ` +
          'add "custom_stage": true to declare a stage of your own',
      ),
    ];
  }
  if (known && doc.custom_stage === true) {
    return [
      problem(
        `${root}/custom_stage`,
        ProblemCode.INVALID_ENUM,
        `"${stage}" is a known stage; custom_stage declares only stages outside ${KNOWN_STAGES.join(', ')}`,
      ),
    ];
  }
  return [];
}
