import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { FieldProblem } from '@leadflow/domain';
import bundleSchema from '../schemas/bundle.schema.json';
import criterionSchema from '../schemas/qualification-criterion.schema.json';
import scoringRuleSchema from '../schemas/scoring-rule.schema.json';
import scoringSettingsSchema from '../schemas/scoring-settings.schema.json';
import workflowSchema from '../schemas/workflow.schema.json';
import { isDangerousKey } from './document-guards';
import { childPointer, isRecord, problem, ProblemCode } from './problems';
import { didYouMean } from './suggest';

/** The published JSON Schemas (draft 2020-12), by document kind; the API serves these objects as they are. */
export const DSL_SCHEMAS = {
  scoring_rule: scoringRuleSchema,
  qualification_criterion: criterionSchema,
  workflow: workflowSchema,
  scoring_settings: scoringSettingsSchema,
  bundle: bundleSchema,
} as const;
export type DocumentKind = keyof typeof DSL_SCHEMAS;

// verbose: the mapping below reads parentSchema to suggest the nearest allowed field name.
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  // `if: {required: [...]}` names properties defined in the `then` branch, which strictRequired would refuse
  strictRequired: false,
  verbose: true,
  allowUnionTypes: true,
});
for (const schema of Object.values(DSL_SCHEMAS)) ajv.addSchema(schema);

const validators = new Map<DocumentKind, ValidateFunction>();
function validatorFor(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.getSchema(DSL_SCHEMAS[kind].$id);
    if (!validate) throw new Error(`schema ${kind} is not registered`);
    validators.set(kind, validate);
  }
  return validate;
}

/** Structural problems of `doc` against the published schema of `kind`, with pointers relative to `root`. */
export function schemaProblems(kind: DocumentKind, doc: unknown, root = ''): FieldProblem[] {
  const validate = validatorFor(kind);
  if (validate(doc)) return [];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const mapped = mapAjvError(error, root);
    if (!mapped) continue;
    const key = `${mapped.pointer}\u0000${mapped.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(mapped);
  }
  return problems;
}

function fieldLabel(pointer: string): string {
  const last = pointer.split('/').pop() ?? '';
  return last === '' ? 'document' : `"${last.replace(/~1/g, '/').replace(/~0/g, '~')}"`;
}

/** One ajv error -> one problem with a pointer to the offending field itself, or undefined for noise. */
function mapAjvError(error: ErrorObject, root: string): FieldProblem | undefined {
  const at = root + error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    // if/then and the composite keywords only repeat what their sub-errors already say
    case 'if':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      // reported once, as DANGEROUS_KEY, by guardDocument
      if (isDangerousKey(key)) return undefined;
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const allowed = Object.keys(parent?.properties ?? {});
      return problem(
        childPointer(at, key),
        ProblemCode.UNKNOWN_FIELD,
        `unknown field "${key}"${didYouMean(key, allowed)}`,
      );
    }
    case 'required': {
      const key = String(params.missingProperty);
      return problem(childPointer(at, key), ProblemCode.REQUIRED, `"${key}" is required`);
    }
    case 'type':
      return problem(at, ProblemCode.INVALID_TYPE, `${fieldLabel(at)} must be ${describeType(params.type)}`);
    case 'enum':
    case 'const': {
      const allowed = (
        error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]
      ).map(String);
      const isOperator = at.endsWith('/operator');
      const given = JSON.stringify(error.data);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return problem(
        at,
        isOperator ? ProblemCode.UNKNOWN_OPERATOR : ProblemCode.INVALID_ENUM,
        `${isOperator ? 'unknown operator' : `invalid ${fieldLabel(at)}`} ${given}${hint || `; expected one of ${allowed.join(', ')}`}`,
      );
    }
    case 'maxLength':
      return problem(
        at,
        ProblemCode.TOO_LONG,
        `${fieldLabel(at)} is longer than ${String(params.limit)} characters`,
      );
    case 'minLength':
      return problem(at, ProblemCode.TOO_SHORT, `${fieldLabel(at)} must not be empty`);
    case 'maxItems':
      return problem(
        at,
        ProblemCode.TOO_MANY_ITEMS,
        `${fieldLabel(at)} has more than ${String(params.limit)} items`,
      );
    case 'minItems':
      return problem(
        at,
        ProblemCode.TOO_FEW_ITEMS,
        `${fieldLabel(at)} needs at least ${String(params.limit)} item(s)`,
      );
    case 'uniqueItems':
      return problem(at, ProblemCode.DUPLICATE_ITEMS, `${fieldLabel(at)} lists an item twice`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problem(
        at,
        ProblemCode.OUT_OF_RANGE,
        `${fieldLabel(at)} must be ${String(params.comparison)} ${String(params.limit)}`,
      );
    case 'pattern':
      return problem(
        at,
        ProblemCode.INVALID_FORMAT,
        `${fieldLabel(at)} is not well formed (${patternHint(at)})`,
      );
    case 'minProperties':
    case 'maxProperties':
      return problem(at, ProblemCode.INVALID_SHAPE, shapeMessage(at, error));
    default:
      return problem(at, ProblemCode.INVALID_SHAPE, `${fieldLabel(at)} ${error.message ?? 'is invalid'}`);
  }
}

function describeType(type: unknown): string {
  const names = Array.isArray(type) ? type.map(String) : [String(type)];
  const article = (name: string) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`);
  return names.map(article).join(' or ');
}

function patternHint(pointer: string): string {
  if (/\/(stage|from|to)$/.test(pointer)) return 'a snake_case stage name such as "mql"';
  if (pointer.endsWith('/url')) return 'an http:// or https:// URL';
  if (pointer.endsWith('/to')) return '"lead", "owner" or an email address';
  if (pointer.endsWith('/initial_interval')) return 'such as "500ms", "1s" or "2m"';
  if (/\/required_actions\/\d+$/.test(pointer)) return 'a snake_case activity type such as "email_opened"';
  return 'see the schema';
}

function shapeMessage(pointer: string, error: ErrorObject): string {
  if (pointer.endsWith('/action_config') || pointer.endsWith('/config')) {
    return 'assign_owner takes exactly one of "owner_id" or "round_robin"';
  }
  const data = error.data;
  const count = isRecord(data) ? Object.keys(data).length : 0;
  return count === 0
    ? `${fieldLabel(pointer)} needs exactly one of "all", "any" or "not"`
    : `${fieldLabel(pointer)} must hold exactly one of "all", "any" or "not", not several`;
}
