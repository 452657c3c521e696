import { Schema } from 'mongoose';

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A follow-up for a person, made by a workflow's create_task step (or by a user). */
export interface TaskDocument {
  id: number;
  lead_id: number;
  title: string;
  description: string | null;
  due_at: Date | null;
  priority: TaskPriority;
  status: TaskStatus;
  /** the lead's owner when the task was made: who is expected to do it */
  assignee_id: number | null;
  created_by_workflow_id: string | null;
  /** `workflow_id/step_id` of the step that made it, so a redone step finds its task; random otherwise */
  effect_key: string;
  created_at: Date;
  completed_at: Date | null;
}

export const TASK_MODEL = 'Task';

export const taskSchema = new Schema<TaskDocument>(
  {
    id: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    title: { type: String, required: true },
    description: { type: String, default: null },
    due_at: { type: Date, default: null },
    priority: { type: String, required: true, enum: TASK_PRIORITIES },
    status: { type: String, required: true, enum: TASK_STATUSES },
    assignee_id: { type: Number, default: null },
    created_by_workflow_id: { type: String, default: null },
    effect_key: { type: String, required: true },
    created_at: { type: Date, required: true },
    completed_at: { type: Date, default: null },
  },
  { versionKey: false },
);

taskSchema.index({ id: 1 }, { unique: true });
taskSchema.index({ effect_key: 1 }, { unique: true });
taskSchema.index({ lead_id: 1, created_at: -1 });
taskSchema.index({ assignee_id: 1, status: 1, due_at: 1 });
