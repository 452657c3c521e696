import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { WorkflowProgram } from '@leadflow/dsl';

/**
 * A qualification workflow as its author saved it: the DSL source and the current version's compiled
 * program. Every save also writes an immutable WorkflowDefinitionVersion, which running executions keep.
 */
@Schema({
  versionKey: false,
  timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' },
  minimize: false,
})
export class WorkflowDefinitionDocument {
  @Prop({ type: Number, required: true, unique: true })
  id!: number;

  @Prop({ type: String, required: true })
  name!: string;

  /** nameKey(name): unique (index created by the start-up step, enforceUniqueNames) */
  @Prop({ type: String })
  name_key?: string;

  @Prop({ type: String, required: true })
  trigger_type!: string;

  @Prop({ type: Number, required: true })
  priority!: number;

  @Prop({ type: Boolean, required: true })
  is_active!: boolean;

  /** the DSL document as validated (normalized) */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  source!: Record<string, unknown>;

  /** the current version's program, as the DSL compiled it (stored as it is: the DSL owns its shape) */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  program!: WorkflowProgram;

  @Prop({ type: Number, required: true })
  version!: number;

  /**
   * Set by every save: Temporal's schedule for this definition (a cron trigger's, or none) is not brought in
   * line with it yet. The worker's relay does that when Temporal answers, and clears it (ScheduleSync).
   */
  @Prop({ type: Boolean, default: true })
  schedule_pending?: boolean;

  /** why the last attempt to bring the schedule in line failed (null once it worked) */
  @Prop({ type: String, default: null })
  schedule_error?: string | null;

  /** set by the schema's timestamps */
  created_at!: Date;
  updated_at!: Date;
}

export const WORKFLOW_DEFINITION_MODEL = 'WorkflowDefinition';

export const workflowDefinitionSchema = SchemaFactory.createForClass(WorkflowDefinitionDocument);
workflowDefinitionSchema.index({ schedule_pending: 1 });
// Trigger evaluation loads the active definitions after every score calculation and lead change.
workflowDefinitionSchema.index({ is_active: 1, priority: -1 });

@Schema({ versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: false }, minimize: false })
export class WorkflowDefinitionVersionDocument {
  @Prop({ type: Number, required: true })
  definition_id!: number;

  @Prop({ type: Number, required: true })
  version!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  source!: Record<string, unknown>;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  program!: WorkflowProgram;

  /** set by the schema's timestamps */
  created_at!: Date;
}

export const WORKFLOW_DEFINITION_VERSION_MODEL = 'WorkflowDefinitionVersion';

export const workflowDefinitionVersionSchema = SchemaFactory.createForClass(
  WorkflowDefinitionVersionDocument,
);
// One document per (definition, version), written once: the unique index is also what makes two concurrent
// saves of the same definition take different version numbers.
workflowDefinitionVersionSchema.index({ definition_id: 1, version: 1 }, { unique: true });
