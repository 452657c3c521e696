import type { ActionConfig, ActionType, Workflow, WorkflowStepDsl } from './workflow-types';

/** One action of a workflow, with the JSON pointer of its config in the document as written. */
export interface WorkflowAction {
  pointer: string;
  action_type: ActionType;
  config: ActionConfig;
}

function actionsOfSteps(steps: readonly WorkflowStepDsl[], path: string): WorkflowAction[] {
  return steps.flatMap((step, index): WorkflowAction[] => {
    const at = `${path}/${index}`;
    if ('action' in step) return [{ pointer: `${at}/config`, action_type: step.action, config: step.config }];
    if ('branch' in step) {
      return [
        ...actionsOfSteps(step.branch.then, `${at}/branch/then`),
        ...actionsOfSteps(step.branch.else ?? [], `${at}/branch/else`),
      ];
    }
    return [];
  });
}

/** Every action of a validated workflow, in either form, branches included. Pure. */
export function workflowActions(workflow: Workflow): WorkflowAction[] {
  if ('steps' in workflow) return actionsOfSteps(workflow.steps, '/steps');
  return [{ pointer: '/action_config', action_type: workflow.action_type, config: workflow.action_config }];
}

/** The user ids an action names (an owner, a round-robin pool, a notified user), with their pointers. */
export function userIdsOf(action: WorkflowAction): { pointer: string; id: number }[] {
  const config = action.config as Record<string, unknown>;
  if (action.action_type === 'assign_owner') {
    if (typeof config.owner_id === 'number')
      return [{ pointer: `${action.pointer}/owner_id`, id: config.owner_id }];
    const pool = Array.isArray(config.round_robin) ? config.round_robin : [];
    return pool.flatMap((id, index) =>
      typeof id === 'number' ? [{ pointer: `${action.pointer}/round_robin/${index}`, id }] : [],
    );
  }
  if (action.action_type === 'send_notification' && typeof config.user_id === 'number') {
    return [{ pointer: `${action.pointer}/user_id`, id: config.user_id }];
  }
  return [];
}
