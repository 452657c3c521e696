import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, type SchemaDefinition } from 'mongoose';
import { countBookkeepingFields } from '../folded-counts';

/** `pending`: decided and recorded, waiting for the worker's relay to start its Temporal run. */
export const EXECUTION_STATUSES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/**
 * Which path of the relay starts a run: `live` for what a person or an integration just did (API calls,
 * activities, enrichment), `bulk` for recalculations of many leads; live runs are started first.
 */
export const START_LANES = ['live', 'bulk'] as const;
export type StartLane = (typeof START_LANES)[number];

/** One firing of a workflow definition for one lead: the Temporal run and how it ended. */
@Schema({ versionKey: false, minimize: false })
export class WorkflowExecutionDocument {
  @Prop({ type: Number, required: true, unique: true })
  id!: number;

  @Prop({ type: Number, required: true })
  workflow_definition_id!: number;

  @Prop({ type: String, required: true })
  workflow_name!: string;

  @Prop({ type: Number, required: true })
  version!: number;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, required: true })
  trigger_type!: string;

  @Prop({ type: String, required: true })
  event_id!: string;

  /** Temporal workflow id, derived from (definition, lead, event): unique, so an event fires once */
  @Prop({ type: String, required: true, unique: true })
  temporal_workflow_id!: string;

  @Prop({ type: String, default: null })
  temporal_run_id!: string | null;

  /**
   * The Temporal workflow id of the run that executes it with every other definition its lead event fired
   * (leadEventWorkflow), derived from (lead, event); null or absent for a run of its own
   * (qualificationWorkflow: recorded before lead event runs, or a schedule tick's run). Its history is there.
   */
  @Prop({ type: String, default: null })
  temporal_group_id?: string | null;

  /** how many executions that run holds: all recorded by one recordPending, so the relay knows it has all */
  @Prop({ type: Number, default: null })
  group_size?: number | null;

  @Prop({ type: String, enum: EXECUTION_STATUSES, required: true })
  status!: ExecutionStatus;

  /** step outcomes as the interpreter reported them at the end */
  @Prop({ type: MongooseSchema.Types.Mixed, default: () => [] })
  steps!: Record<string, unknown>[];

  /**
   * The most attempts any step's activity took (1: nothing was retried; 0: no step has reported yet). Written
   * with the outcome by the run's last activity, or reconciled from the Temporal history; each step in
   * `steps` carries its own count.
   */
  @Prop({ type: Number, default: 0 })
  attempts!: number;

  @Prop({ type: String, default: null })
  error!: string | null;

  /** when the firing was decided (the run itself starts when the relay hands it to Temporal) */
  @Prop({ type: Date, required: true })
  started_at!: Date;

  @Prop({ type: Date, default: null })
  finished_at!: Date | null;

  @Prop({ type: String, enum: START_LANES, default: 'live' })
  lane!: StartLane;

  /** a pending run is not started before this (backoff after a failed start, or a relay's claim) */
  @Prop({ type: Date, default: null })
  start_after!: Date | null;

  /**
   * Whether `start_after` holds a pending run back (a claim, a backoff, a wait for the rest of its run). The
   * relay finds due runs by this flag and not by `start_after` alone because the embedded server filters a
   * date range in memory, after reading every pending run of the lane (measured: with 10,000 bulk runs waiting,
   * each claim read them all, ~0.5 s); an equality on the flag it answers from the index. Absent on
   * runs recorded before the flag: those count as held, so their `start_after` decides.
   */
  @Prop({ type: Boolean })
  start_held?: boolean;

  /** failed attempts to start it so far, and the last one's error */
  @Prop({ type: Number, default: 0 })
  start_attempts!: number;

  @Prop({ type: String, default: null })
  start_error!: string | null;
}

/** A firing as the code that decides it records it. */
export type NewExecution = Omit<
  WorkflowExecutionDocument,
  | 'id'
  | 'status'
  | 'steps'
  | 'attempts'
  | 'error'
  | 'finished_at'
  | 'temporal_run_id'
  | 'start_after'
  | 'start_held'
  | 'start_attempts'
  | 'start_error'
>;

export const WORKFLOW_EXECUTION_MODEL = 'WorkflowExecution';

export const workflowExecutionSchema = SchemaFactory.createForClass(WorkflowExecutionDocument);
// The executions list filters by workflow, lead and status, newest first; statistics count by status.
workflowExecutionSchema.index({ workflow_definition_id: 1, started_at: -1 });
workflowExecutionSchema.index({ lead_id: 1, started_at: -1 });
workflowExecutionSchema.index({ status: 1, started_at: -1 });
// The relay that holds a pending run while starting it (claimDue). Declared so that queries on it are not
// stripped by mongoose's strictQuery: undeclared, a claim read back every pending run, not its own.
const startClaimField: SchemaDefinition = { start_claim: { type: String } };
workflowExecutionSchema.add(startClaimField);
// Bookkeeping of the counts the writes keep, and the fold's query: executions changed since the last fold.
workflowExecutionSchema.add(countBookkeepingFields);
workflowExecutionSchema.index({ count_dirty: 1 });
// The relay's look for the rest of a lead event's executions, and the API's for a run's members.
workflowExecutionSchema.index({ temporal_group_id: 1 });
// The relay's queries: pending runs of a lane that nothing holds back, and those held until a time.
workflowExecutionSchema.index({ status: 1, lane: 1, start_held: 1 });
/** Indexes an older release created that no query uses now (see dropRetiredIndexes). */
export const RETIRED_EXECUTION_INDEXES = ['status_1_lane_1_start_after_1'];

/**
 * The Temporal workflow that holds an execution's history: its lead event's run, or (recorded before lead
 * event runs, or a schedule tick's run) its own. What the API shows as `temporal_workflow_id`.
 */
export function temporalWorkflowOf(
  execution: Pick<WorkflowExecutionDocument, 'temporal_workflow_id' | 'temporal_group_id'>,
): string {
  return execution.temporal_group_id ?? execution.temporal_workflow_id;
}
