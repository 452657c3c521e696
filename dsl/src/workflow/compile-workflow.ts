import type { ConditionNode, TopLevelCondition } from '@leadflow/domain';
import { compileCondition } from '../compile';
import { parseIsoDuration } from './duration';
import {
  WORKFLOW_EVENT_TYPES,
  WORKFLOW_PROGRAM_FORMAT,
  type ProgramStep,
  type RetryPolicy,
  type TriggerConfigs,
  type Workflow,
  type WorkflowProgram,
  type WorkflowStepDsl,
} from './workflow-types';

/** Activities are retried with exponential backoff unless a step says otherwise (Temporal retry policy). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { initial_interval: '1s', backoff: 2, maximum_attempts: 5 };

export interface CompileWorkflowOptions {
  /** revision of the stored definition; executions record it so that later edits do not change them */
  version?: number;
}

/**
 * A validated workflow (the `value` of validateWorkflow), in either form, -> the normalized program the
 * Temporal interpreter runs: numbered steps ("s1", "s2", ... in document order), a retry policy on every
 * action, and the trigger as a json-rules-engine rule over the event facts.
 */
export function compileWorkflow(workflow: Workflow, options: CompileWorkflowOptions = {}): WorkflowProgram {
  const nextId = idSequence();
  const steps =
    'steps' in workflow
      ? compileSteps(workflow.steps, nextId)
      : [actionStep(nextId(), { action: workflow.action_type, config: workflow.action_config })];
  return {
    format: WORKFLOW_PROGRAM_FORMAT,
    version: options.version ?? 1,
    name: workflow.name,
    priority: workflow.priority,
    is_active: workflow.is_active,
    trigger: {
      type: workflow.trigger_type,
      config: workflow.trigger_config,
      rule: {
        name: workflow.name,
        priority: workflow.priority,
        conditions: compileTrigger(workflow),
        event: { type: 'workflow_trigger' },
      },
    },
    steps,
  };
}

function idSequence(): () => string {
  let counter = 0;
  return () => `s${++counter}`;
}

function compileSteps(steps: readonly WorkflowStepDsl[], nextId: () => string): ProgramStep[] {
  return steps.map((step) => {
    if ('delay' in step) {
      const parsed = parseIsoDuration(step.delay);
      // validateWorkflow refused every duration that does not parse
      if (!parsed.ok) throw new Error(`compileWorkflow got an unvalidated delay: ${parsed.message}`);
      return { id: nextId(), kind: 'delay', duration: step.delay, ms: parsed.ms };
    }
    if ('branch' in step) {
      const id = nextId();
      const thenSteps = compileSteps(step.branch.then, nextId);
      const elseSteps = compileSteps(step.branch.else ?? [], nextId);
      return {
        id,
        kind: 'branch',
        condition: compileCondition(step.branch.if),
        then: thenSteps,
        else: elseSteps,
      };
    }
    return actionStep(nextId(), step);
  });
}

function actionStep(id: string, step: Extract<WorkflowStepDsl, { action: unknown }>): ProgramStep {
  return {
    id,
    kind: 'action',
    action_type: step.action,
    config: step.config,
    retry: { ...DEFAULT_RETRY_POLICY, ...step.retry },
  };
}

const leaf = (fact: string, operator: string, value: unknown): ConditionNode => ({ fact, operator, value });

/**
 * Trigger semantics (DESIGN.md) over the event facts, with Leadflow's own operators only (no fact
 * references, so "the stage changed" is read from changed_fields rather than comparing two facts).
 */
function compileTrigger(workflow: Workflow): TopLevelCondition {
  switch (workflow.trigger_type) {
    case 'score_threshold': {
      // an upward crossing: previous_score < threshold <= score
      const { score } = workflow.trigger_config as TriggerConfigs['score_threshold'];
      return {
        all: [leaf('score', 'greater_than_or_equal', score), leaf('previous_score', 'less_than', score)],
      };
    }
    case 'stage_change': {
      const { from, to } = workflow.trigger_config as TriggerConfigs['stage_change'];
      const conditions = [leaf('changed_fields', 'contains', 'stage')];
      if (from !== undefined) conditions.push(leaf('previous_stage', 'equals', from));
      if (to !== undefined) conditions.push(leaf('stage', 'equals', to));
      return { all: conditions };
    }
    case 'grade_change': {
      const { from, to } = workflow.trigger_config as TriggerConfigs['grade_change'];
      const conditions = [leaf('changed_fields', 'contains', 'grade')];
      if (from !== undefined) conditions.push(leaf('previous_grade', 'equals', from));
      if (to !== undefined) conditions.push(leaf('grade', 'equals', to));
      return { all: conditions };
    }
    case 'field_update': {
      const config = workflow.trigger_config as TriggerConfigs['field_update'];
      const conditions = [leaf('changed_fields', 'contains', config.field)];
      if (config.value !== undefined) {
        conditions.push(
          config.value === null
            ? leaf(config.field, 'is_empty', null)
            : leaf(config.field, 'equals', config.value),
        );
      }
      return { all: conditions };
    }
    case 'time_based': {
      const { filter } = workflow.trigger_config as TriggerConfigs['time_based'];
      const onSchedule = leaf('event_type', 'equals', WORKFLOW_EVENT_TYPES.schedule);
      return { all: filter ? [onSchedule, compileCondition(filter)] : [onSchedule] };
    }
    case 'manual':
      return { all: [leaf('event_type', 'equals', WORKFLOW_EVENT_TYPES.manual)] };
  }
}
