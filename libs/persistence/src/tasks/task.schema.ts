import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A follow-up for a person, made by a workflow's create_task step (or by a user). */
@Schema({ versionKey: false })
export class TaskDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  title!: string;

  @Prop({ type: String, default: null })
  description!: string | null;

  @Prop({ type: Date, default: null })
  due_at!: Date | null;

  @Prop({ type: String, required: true, enum: TASK_PRIORITIES })
  priority!: TaskPriority;

  @Prop({ type: String, required: true, enum: TASK_STATUSES })
  status!: TaskStatus;

  /** the lead's owner when the task was made: who is expected to do it */
  @Prop({ type: Number, default: null })
  assignee_id!: number | null;

  @Prop({ type: String, default: null })
  created_by_workflow_id!: string | null;

  /** `workflow_id/step_id` of the step that made it, so a redone step finds its task; random otherwise */
  @Prop({ type: String, required: true })
  effect_key!: string;

  @Prop({ type: Date, required: true })
  created_at!: Date;

  @Prop({ type: Date, default: null })
  completed_at!: Date | null;
}

export const TASK_MODEL = 'Task';

export const taskSchema = SchemaFactory.createForClass(TaskDocument);

taskSchema.index({ id: 1 }, { unique: true });
taskSchema.index({ effect_key: 1 }, { unique: true });
taskSchema.index({ lead_id: 1, created_at: -1 });
taskSchema.index({ assignee_id: 1, status: 1, due_at: 1 });
