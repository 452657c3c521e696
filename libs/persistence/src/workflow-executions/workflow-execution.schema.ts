import { Schema } from 'mongoose';

export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'timed_out'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** One firing of a workflow definition for one lead: the Temporal run and how it ended. */
export interface WorkflowExecutionDocument {
  id: number;
  workflow_definition_id: number;
  workflow_name: string;
  version: number;
  lead_id: number;
  trigger_type: string;
  event_id: string;
  /** Temporal workflow id, derived from (definition, lead, event): unique, so an event fires once */
  temporal_workflow_id: string;
  temporal_run_id: string | null;
  status: ExecutionStatus;
  /** step outcomes as the interpreter reported them at the end */
  steps: Record<string, unknown>[];
  /**
   * The most attempts any step's activity took (1: nothing was retried; 0: no step has reported yet). Written
   * with the outcome by the run's last activity, or reconciled from the Temporal history; each step in
   * `steps` carries its own count.
   */
  attempts: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export const workflowExecutionSchema = new Schema<WorkflowExecutionDocument>(
  {
    id: { type: Number, required: true, unique: true },
    workflow_definition_id: { type: Number, required: true },
    workflow_name: { type: String, required: true },
    version: { type: Number, required: true },
    lead_id: { type: Number, required: true },
    trigger_type: { type: String, required: true },
    event_id: { type: String, required: true },
    temporal_workflow_id: { type: String, required: true, unique: true },
    temporal_run_id: { type: String, default: null },
    status: { type: String, enum: EXECUTION_STATUSES, required: true },
    steps: { type: Schema.Types.Mixed, default: () => [] },
    attempts: { type: Number, default: 0 },
    error: { type: String, default: null },
    started_at: { type: Date, required: true },
    finished_at: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
// The executions list filters by workflow, lead and status, newest first; statistics count by status.
workflowExecutionSchema.index({ workflow_definition_id: 1, started_at: -1 });
workflowExecutionSchema.index({ lead_id: 1, started_at: -1 });
workflowExecutionSchema.index({ status: 1, started_at: -1 });
