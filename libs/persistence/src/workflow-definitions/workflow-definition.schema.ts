import { Schema } from 'mongoose';
import type { WorkflowProgram } from '@leadflow/dsl';

/**
 * A qualification workflow as its author saved it: the DSL source and the current version's compiled
 * program. Every save also writes an immutable WorkflowDefinitionVersion, which running executions keep.
 */
export interface WorkflowDefinitionDocument {
  id: number;
  name: string;
  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  name_key?: string;
  trigger_type: string;
  priority: number;
  is_active: boolean;
  /** the DSL document as validated (normalized) */
  source: Record<string, unknown>;
  /** the current version's program, as the DSL compiled it (stored as it is: the DSL owns its shape) */
  program: WorkflowProgram;
  version: number;
  /**
   * Set by every save: Temporal's schedule for this definition (a cron trigger's, or none) is not brought in
   * line with it yet. The worker's relay does that when Temporal answers, and clears it (ScheduleSync).
   */
  schedule_pending?: boolean;
  /** why the last attempt to bring the schedule in line failed (null once it worked) */
  schedule_error?: string | null;
  created_at: Date;
  updated_at: Date;
}

export const WORKFLOW_DEFINITION_MODEL = 'WorkflowDefinition';

export const workflowDefinitionSchema = new Schema<WorkflowDefinitionDocument>(
  {
    id: { type: Number, required: true, unique: true },
    name: { type: String, required: true },
    name_key: { type: String },
    trigger_type: { type: String, required: true },
    priority: { type: Number, required: true },
    is_active: { type: Boolean, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    program: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    schedule_pending: { type: Boolean, default: true },
    schedule_error: { type: String, default: null },
  },
  { versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, minimize: false },
);
workflowDefinitionSchema.index({ schedule_pending: 1 });
// Trigger evaluation loads the active definitions after every score calculation and lead change.
workflowDefinitionSchema.index({ is_active: 1, priority: -1 });

export interface WorkflowDefinitionVersionDocument {
  definition_id: number;
  version: number;
  source: Record<string, unknown>;
  program: WorkflowProgram;
  created_at: Date;
}

export const WORKFLOW_DEFINITION_VERSION_MODEL = 'WorkflowDefinitionVersion';

export const workflowDefinitionVersionSchema = new Schema<WorkflowDefinitionVersionDocument>(
  {
    definition_id: { type: Number, required: true },
    version: { type: Number, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    program: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: false }, minimize: false },
);
// One document per (definition, version), written once: the unique index is also what makes two concurrent
// saves of the same definition take different version numbers.
workflowDefinitionVersionSchema.index({ definition_id: 1, version: 1 }, { unique: true });
