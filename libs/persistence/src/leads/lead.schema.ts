import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { model, Schema as MongooseSchema } from 'mongoose';
import { countBookkeepingFields } from '../folded-counts';
import type { Grade, Outcome } from '@leadflow/domain';
import type { StoredLeadScore } from '../lead-scores/lead-score.schema';
import type { StageChangeRecord } from '../stage-history/stage-change.schema';
import type { NewExecution } from '../workflow-executions/workflow-execution.schema';

/** Fields a client writes (create, update, import). */
export interface LeadFields {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  industry: string | null;
  company_size: string | number | null;
  status: string;
  source: string | null;
  owner_id: number | null;
  // Enrichment fields: written by clients or by the enrichment jobs.
  company_revenue: string | number | null;
  job_level: string | null;
  technologies: string[];
  social_profiles: Record<string, string>;
  custom_fields: Record<string, unknown>;
}

/**
 * Fields only the scoring code writes (part of the scoring feature): the lead's copy of its newest
 * calculation, which is its current score. `score_seq` counts the calculations applied to the lead, so a late
 * writer of an older calculation cannot overwrite a newer one; `score_id` is that calculation's history entry
 * (null before the first, and on leads scored before it was recorded).
 */
export interface LeadScoreState {
  score: number;
  score_breakdown: Record<string, number>;
  /** the profile-fit grade of that calculation (null: none given, or not scored yet) */
  grade: Grade | null;
  qualification_stage: string;
  score_seq: number;
  score_id: number | null;
  /** the rule-set version of that calculation (0 before the first), which a later one may not go below */
  score_rule_set_version: number;
  /** that calculation's history entry, compact (null before the first) */
  score_entry: ScoreEntryCopy | null;
}

/** A score_threshold trigger's memory for this lead (domain ThresholdState), per workflow definition id. */
export interface StoredThresholdState {
  armed: boolean;
  last_fired_at: Date | null;
}

/**
 * The lead's compact copy of its newest history entry: every field but the matched rules' names and
 * categories (which the entry's rule-set version holds) and the stage reasons, so the lead stays small (a
 * calculation over 200 rules matches ~140, 9 KB of JSON, against a lead of under 1 KB). The entry is written
 * beside the lead's conditional write; if its writer dies before it lands, the entry is recovered from this
 * copy (LeadOutbox.recordEntryOf).
 */
export interface ScoreEntryCopy extends Omit<StoredLeadScore, 'matched_rules_json' | 'stage_reasons'> {
  /** `<rule id>:<points awarded>` of each matched rule, `;`-separated */
  matched: string;
}

/**
 * What a change of the lead decided beyond the lead itself, stored in the same conditional write as the
 * change (see LeadsRepository.commitScore): a single calculation's stage change and the workflow runs a
 * change fired (a bulk chunk writes its stage changes with the entries, and a lost one is recovered with
 * its entry from the lead's copy). Its writer records them right after that write (LeadOutbox.flush) and
 * removes the item; an item a crash left behind is recorded by the next writer of the lead or by the
 * worker's sweep. Every record is unique by its key, so recording an item twice stores it once.
 */
export interface OutboxItem {
  token: string;
  at: Date;
  stage_change?: Omit<StageChangeRecord, 'id'>;
  runs: NewExecution[];
}

/**
 * Fields that keep a lead's changes in order. `inputs_version` counts the writes of anything a calculation
 * reads of the lead (fields, activities, enrichment): a calculation is stored only while it is still the
 * version it read. `outbox` holds decided records not yet written, by token; `outbox_count` counts them and
 * `outbox_at` is when the last one was added (it keeps that date once none are left, which is harmless: the
 * sweep looks for a count above 0).
 */
export interface LeadRevisionState {
  inputs_version: number;
  trigger_states: Record<string, StoredThresholdState>;
  outbox: Record<string, OutboxItem>;
  outbox_count: number;
  outbox_at: Date | null;
}

/**
 * A lead as read (lean, without the schema's defaults): leads stored before a field existed lack it, so the
 * fields added since the first release are optional here.
 */
/** The lead's outcome as it is now (LeadsRepository.recordOutcome keeps its history beside it). */
/** The win model's prediction for an open lead (PredictiveScoreService), with the model version it came from. */
export interface LeadPredictionState {
  predicted_win_probability: number | null;
  prediction_model_version: number | null;
}

export interface LeadOutcomeState {
  outcome: Outcome | null;
  outcome_at: Date | null;
  outcome_amount: number | null;
  outcome_reason: string | null;
}

export interface LeadDocument
  extends
    LeadFields,
    Omit<LeadScoreState, 'score_rule_set_version'>,
    Partial<LeadRevisionState>,
    Partial<LeadOutcomeState>,
    Partial<LeadPredictionState> {
  id: number;
  score_rule_set_version?: number;
  /** where each enriched field came from (LeadEnrichmentRepository); absent before the first enrichment */
  enrichment?: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const LEAD_CLIENT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'company',
  'title',
  'industry',
  'company_size',
  'status',
  'source',
  'owner_id',
  'company_revenue',
  'job_level',
  'technologies',
  'social_profiles',
  'custom_fields',
] as const satisfies readonly (keyof LeadFields)[];

const nullableString = { type: String, default: null };

export const LEAD_MODEL = 'Lead';

/** The leads collection's schema: a LeadDocument, field by field, with the defaults a new lead gets. */
@Schema({ versionKey: false, minimize: false, timestamps: { createdAt: false, updatedAt: 'updated_at' } })
class Lead implements LeadDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop(nullableString)
  first_name!: string | null;

  @Prop(nullableString)
  last_name!: string | null;

  @Prop(nullableString)
  email!: string | null;

  @Prop(nullableString)
  phone!: string | null;

  @Prop(nullableString)
  company!: string | null;

  @Prop(nullableString)
  title!: string | null;

  @Prop(nullableString)
  industry!: string | null;

  // The guide uses buckets ("51-200") and plain numbers alike.
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  company_size!: string | number | null;

  @Prop({ type: String, required: true, default: 'new' })
  status!: string;

  @Prop(nullableString)
  source!: string | null;

  @Prop({ type: Number, default: null })
  owner_id!: number | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  company_revenue!: string | number | null;

  @Prop(nullableString)
  job_level!: string | null;

  @Prop({ type: [String], default: [] })
  technologies!: string[];

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  social_profiles!: Record<string, string>;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  custom_fields!: Record<string, unknown>;

  @Prop({ type: Number, default: 0 })
  score!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  score_breakdown!: Record<string, number>;

  @Prop({ type: String, default: 'unqualified' })
  qualification_stage!: string;

  @Prop({ type: String, default: null })
  grade!: Grade | null;

  @Prop({ type: String, default: null })
  outcome!: Outcome | null;

  @Prop({ type: Date, default: null })
  outcome_at!: Date | null;

  @Prop({ type: Number, default: null })
  outcome_amount!: number | null;

  @Prop({ type: String, default: null })
  outcome_reason!: string | null;

  @Prop({ type: Number, default: null })
  predicted_win_probability!: number | null;

  @Prop({ type: Number, default: null })
  prediction_model_version!: number | null;

  @Prop({ type: Number, default: 0 })
  score_seq!: number;

  @Prop({ type: Number, default: null })
  score_id!: number | null;

  @Prop({ type: Number, default: 0 })
  score_rule_set_version!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  score_entry!: ScoreEntryCopy | null;

  @Prop({ type: Number, default: 0 })
  inputs_version!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  trigger_states!: Record<string, StoredThresholdState>;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  outbox!: Record<string, OutboxItem>;

  @Prop({ type: Number, default: 0 })
  outbox_count!: number;

  @Prop({ type: Date, default: null })
  outbox_at!: Date | null;

  // Where each enriched field came from: `{ value, source, fetched_at }` per field (LeadEnrichmentRepository).
  @Prop({ type: MongooseSchema.Types.Mixed })
  enrichment?: Record<string, unknown>;

  // Settable on import (the lead's age is a scoring fact), so not mongoose's automatic createdAt.
  @Prop({ type: Date, required: true, default: () => new Date() })
  created_at!: Date;

  /** set by the schema's timestamps */
  updated_at!: Date;
}

export const leadSchema = SchemaFactory.createForClass(Lead);

/** Builds documents from the schema alone (never connected: nothing is read or written through it). */
const LeadShape = model('StoredLeadShape', leadSchema);

/**
 * A lead as the leads collection stores it, with every default the schema gives, for code that seeds the
 * collection straight with insertMany (benchmarks and tests seeding thousands of leads at once).
 */
export function storedLead(fields: Partial<LeadDocument> & { id: number }): LeadDocument {
  const { _id: _ignored, ...lead } = new LeadShape(fields).toObject() as LeadDocument & { _id?: unknown };
  // as the schema's timestamps would set it on a save, now
  return { ...lead, updated_at: fields.updated_at ?? new Date() };
}

leadSchema.index({ id: 1 }, { unique: true });
// The list endpoint's filters, each with the default newest-first order or a score range.
leadSchema.index({ status: 1, score: -1 });
leadSchema.index({ qualification_stage: 1, score: -1 });
leadSchema.index({ grade: 1, score: -1 });
leadSchema.index({ outcome: 1, outcome_at: -1 });
leadSchema.index({ owner_id: 1, created_at: -1 });
leadSchema.index({ score: -1 });
// The newest-first page's range on creation time (newestFirstPage).
leadSchema.index({ created_at: -1 });
leadSchema.index({ email: 1 });
// The worker's sweep of outbox items a crash left behind.
leadSchema.index({ outbox_count: 1 });
/** Indexes an older release created that no query uses now (see dropRetiredIndexes). */
export const RETIRED_LEAD_INDEXES = ['outbox_at_1'];
// Bookkeeping of the counts the writes keep (score distribution), and the fold's query.
leadSchema.add(countBookkeepingFields);
leadSchema.index({ count_dirty: 1 });
