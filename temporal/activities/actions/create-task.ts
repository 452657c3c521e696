import { TASK_PRIORITIES, type TaskPriority, type TasksRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';
import { renderLeadTemplate } from '../lead-template';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DUE_IN_DAYS = 3650;

export function createTask(deps: {
  tasks: Pick<TasksRepository, 'createOnce'>;
}): ActionHandler<'create_task'> {
  return async (config, { request, lead, effectKey, now }) => {
    const title = typeof config.title === 'string' ? renderLeadTemplate(config.title, lead).trim() : '';
    if (title === '') throw validationError('create_task: title must be a non-empty string');
    const days = config.due_in_days;
    if (days !== undefined && (!Number.isInteger(days) || days < 0 || days > MAX_DUE_IN_DAYS)) {
      throw validationError(`create_task: due_in_days must be a whole number from 0 to ${MAX_DUE_IN_DAYS}`);
    }
    const priority: TaskPriority = config.priority ?? 'medium';
    if (!TASK_PRIORITIES.includes(priority)) {
      throw validationError(`create_task: priority must be one of ${TASK_PRIORITIES.join(', ')}`);
    }
    // The effect key makes the task once: a redone step gets the task its earlier attempt made.
    const { task, created } = await deps.tasks.createOnce({
      lead_id: lead.id,
      title,
      description: config.description === undefined ? null : renderLeadTemplate(config.description, lead),
      due_at: days === undefined ? null : new Date(now.getTime() + days * DAY_MS),
      priority,
      status: 'open',
      assignee_id: lead.owner_id,
      created_by_workflow_id: request.workflow_id,
      effect_key: effectKey,
      created_at: now,
    });
    return `task ${task.id} ${created ? 'created' : 'already created'}: ${task.title}`;
  };
}
