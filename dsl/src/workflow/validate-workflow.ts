import { type FactRegistry, type FieldProblem, isOutcome } from '@leadflow/domain';
import { checkGroupCondition } from '../conditions';
import { LIMITS } from '../limits';
import { childPointer, hasOwn, isRecord, problem, ProblemCode, type ValidationResult } from '../problems';
import { DEFAULT_PRIORITY } from '../scoring-rule';
import { didYouMean } from '../suggest';
import { validateDocument } from '../validate-document';
import { cronProblem, isKnownTimeZone } from './cron';
import { parseIsoDuration } from './duration';
import type { TriggerConfig, TriggerType, Workflow, WorkflowStepDsl } from './workflow-types';

/** Validates a workflow in either form and returns it normalized, or every problem in it. */
export function validateWorkflow(doc: unknown, registry: FactRegistry): ValidationResult<Workflow> {
  return validateDocument('workflow', doc, (d, root, problems) => checkWorkflow(d, root, registry, problems));
}

interface WorkflowCheck {
  registry: FactRegistry;
  problems: FieldProblem[];
  stepCount: number;
}

export function checkWorkflow(
  doc: unknown,
  root: string,
  registry: FactRegistry,
  problems: FieldProblem[],
): Workflow | undefined {
  if (!isRecord(doc)) return undefined;
  const check: WorkflowCheck = { registry, problems, stepCount: 0 };
  const triggerConfig = checkTriggerConfig(
    doc.trigger_type,
    doc.trigger_config ?? {},
    `${root}/trigger_config`,
    check,
  );
  const common = {
    name: doc.name as string,
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
    trigger_type: doc.trigger_type as TriggerType,
    trigger_config: triggerConfig as TriggerConfig,
    priority: (doc.priority as number | undefined) ?? DEFAULT_PRIORITY,
    is_active: (doc.is_active as boolean | undefined) ?? true,
  };
  if (hasOwn(doc, 'steps')) {
    const steps = checkSteps(doc.steps, `${root}/steps`, check);
    // more than the cap at the top level is the schema's maxItems; this counts the steps inside branches too
    const topLevel = Array.isArray(doc.steps) ? doc.steps.length : 0;
    if (check.stepCount > LIMITS.workflowSteps && topLevel <= LIMITS.workflowSteps) {
      problems.push(
        problem(
          `${root}/steps`,
          ProblemCode.TOO_MANY_STEPS,
          `workflow has ${check.stepCount} steps; at most ${LIMITS.workflowSteps} are allowed`,
        ),
      );
    }
    return steps && { ...common, steps };
  }
  checkActionConfig(doc.action_type, doc.action_config, `${root}/action_config`, check);
  return { ...common, action_type: doc.action_type, action_config: doc.action_config } as Workflow;
}

function checkTriggerConfig(type: unknown, config: unknown, pointer: string, check: WorkflowCheck): unknown {
  if (!isRecord(config)) return config;
  const { problems, registry } = check;
  switch (type) {
    case 'score_threshold':
      if (
        typeof config.rearm_below === 'number' &&
        typeof config.score === 'number' &&
        config.rearm_below >= config.score
      ) {
        problems.push(
          problem(
            `${pointer}/rearm_below`,
            ProblemCode.INVALID_RANGE,
            'rearm_below must be lower than score',
          ),
        );
      }
      return config;
    case 'stage_change':
    case 'grade_change':
      if (typeof config.from === 'string' && config.from === config.to) {
        const what = type === 'stage_change' ? 'stage' : 'grade';
        problems.push(
          problem(
            pointer,
            ProblemCode.TRIGGER_NEVER_FIRES,
            `from and to are the same ${what}, so the ${what} never changes between them`,
          ),
        );
      }
      return config;
    case 'field_update':
      checkFactName(config.field, `${pointer}/field`, check);
      return config;
    case 'time_based': {
      if (typeof config.cron === 'string') {
        const issue = cronProblem(config.cron);
        if (issue) problems.push(problem(`${pointer}/cron`, ProblemCode.INVALID_CRON, issue));
      }
      if (typeof config.timezone === 'string' && !isKnownTimeZone(config.timezone)) {
        problems.push(
          problem(
            `${pointer}/timezone`,
            ProblemCode.INVALID_TIMEZONE,
            `unknown time zone "${config.timezone}"`,
          ),
        );
      }
      if (!hasOwn(config, 'filter')) return config;
      const filter = checkGroupCondition(config.filter, `${pointer}/filter`, registry, problems);
      return { ...config, filter };
    }
    default:
      return config;
  }
}

function checkFactName(field: unknown, pointer: string, check: WorkflowCheck): void {
  if (typeof field !== 'string' || field.length === 0 || check.registry.has(field)) return;
  check.problems.push(
    problem(
      pointer,
      ProblemCode.UNKNOWN_FACT,
      `unknown field "${field}"${didYouMean(field, check.registry.names())}`,
    ),
  );
}

const OUTCOME_FIELD = 'outcome';

function checkActionConfig(type: unknown, config: unknown, pointer: string, check: WorkflowCheck): void {
  if (type !== 'update_field' || !isRecord(config)) return;
  const field = config.field;
  // Not a scoring fact (a rule that read it would learn from the answer): the outcome a workflow may set.
  if (field === OUTCOME_FIELD) {
    if (config.value !== null && !isOutcome(config.value)) {
      check.problems.push(
        problem(`${pointer}/value`, ProblemCode.INVALID_ENUM, 'outcome takes "won", "lost" or null'),
      );
    }
    return;
  }
  checkFactName(field, `${pointer}/field`, check);
  if (typeof field === 'string' && check.registry.get(field)?.source === 'computed') {
    check.problems.push(
      problem(
        `${pointer}/field`,
        ProblemCode.READ_ONLY_FIELD,
        `"${field}" is computed from activities and cannot be set`,
      ),
    );
  }
}

function checkSteps(steps: unknown, pointer: string, check: WorkflowCheck): WorkflowStepDsl[] | undefined {
  if (!Array.isArray(steps)) return undefined;
  const checked = steps.map((step, index) => checkStep(step, childPointer(pointer, index), check));
  return checked.every((step) => step !== undefined) ? checked : undefined;
}

function checkStep(step: unknown, pointer: string, check: WorkflowCheck): WorkflowStepDsl | undefined {
  if (!isRecord(step)) return undefined;
  check.stepCount += 1;
  if (hasOwn(step, 'delay')) {
    if (typeof step.delay !== 'string') return undefined;
    const parsed = parseIsoDuration(step.delay);
    if (!parsed.ok)
      check.problems.push(problem(`${pointer}/delay`, ProblemCode.INVALID_DURATION, parsed.message));
    return { delay: step.delay };
  }
  if (hasOwn(step, 'branch')) {
    const branch = step.branch;
    if (!isRecord(branch)) return undefined;
    const at = `${pointer}/branch`;
    const condition = checkGroupCondition(branch.if, `${at}/if`, check.registry, check.problems);
    const thenSteps = checkSteps(branch.then, `${at}/then`, check);
    const elseSteps = hasOwn(branch, 'else') ? checkSteps(branch.else, `${at}/else`, check) : [];
    if (!condition || !thenSteps || !elseSteps) return undefined;
    return {
      branch: { if: condition, then: thenSteps, ...(hasOwn(branch, 'else') ? { else: elseSteps } : {}) },
    };
  }
  checkActionConfig(step.action, step.config, `${pointer}/config`, check);
  return step as WorkflowStepDsl;
}
