import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model, QueryFilter, SortOrder } from 'mongoose';
import {
  type Grade,
  GRADES,
  gradesAtLeast,
  type LeadOutcome,
  type Outcome,
  type OutcomeSource,
  sameOutcome,
} from '@leadflow/domain';
import { type OutcomeChangeRecord, OUTCOME_CHANGE_MODEL } from '../lead-outcomes/outcome-change.schema';
import { SequentialIds } from '../sequential-ids';
import {
  LEAD_MODEL,
  type LeadDocument,
  type LeadFields,
  type OutboxItem,
  RETIRED_LEAD_INDEXES,
} from './lead.schema';
import { dropRetiredIndexes } from '../retired-indexes';
import { bulkWriteInBatches } from '../bulk-write';
import { SERVER_PROFILE, type ServerProfile } from '../server-profile';
import { COUNT_TOUCH, FoldedCounts } from '../folded-counts';
import { newestFirstPage } from '../newest-first';
import { moveTriggerStatesOntoLeads } from '../trigger-states/legacy-trigger-states';

export type NewLead = Partial<LeadFields> & { created_at?: Date };

export const LEAD_ORDERING_FIELDS = [
  'id',
  'created_at',
  'updated_at',
  'score',
  'first_name',
  'last_name',
  'company',
  'email',
] as const;
export type LeadOrderingField = (typeof LEAD_ORDERING_FIELDS)[number];

export interface LeadListFilter extends GradeFilter {
  status?: string;
  /** won, lost, or open (no outcome) */
  outcome?: Outcome | 'open';
  qualification_stage?: string;
  owner_id?: number;
  score_min?: number;
  score_max?: number;
  /** Case-insensitive substring of first name, last name, email or company. */
  search?: string;
  ordering?: { field: LeadOrderingField; descending: boolean };
  skip: number;
  limit: number;
}

/**
 * What a conditional write of a lead expects it still to be, as its writer read it: the calculation its
 * score is (`score_seq`) and the version of its inputs. Any calculation or input write in between moves one
 * of them, and the write is refused.
 */
export interface LeadRevision {
  score_seq: number;
  inputs_version: number;
  /** the score and stage at `score_seq` (not part of the filter: score_seq pins them) */
  score: number;
  qualification_stage: string;
}

/** The revision a lead was read at (leads stored before inputs were versioned are at version 0). */
export function revisionOf(
  lead: Pick<LeadDocument, 'score_seq' | 'score' | 'qualification_stage'> & { inputs_version?: number },
): LeadRevision {
  return {
    score_seq: lead.score_seq,
    inputs_version: lead.inputs_version ?? 0,
    score: lead.score,
    qualification_stage: lead.qualification_stage,
  };
}

/** A conditional write of a lead: fields to set, whether they are inputs of scoring, a decision to keep. */
export interface LeadCommit {
  set: Record<string, unknown>;
  inputsChanged: boolean;
  item?: OutboxItem;
}

/** An outbox item to remove once its records are written. */
export interface OutboxRef {
  lead_id: number;
  token: string;
}

/** A zero that also matches documents written before the field existed. */
function zeroOrMissing(value: number): number | { $in: (number | null)[] } {
  return value === 0 ? { $in: [0, null] } : value;
}

function revisionFilter(id: number, expected: LeadRevision) {
  return {
    id,
    score_seq: zeroOrMissing(expected.score_seq),
    inputs_version: zeroOrMissing(expected.inputs_version),
  };
}

/**
 * The update of a conditional write. Only a write that moves the lead to another count key marks it for the
 * counts (FoldedCounts): most calculations land on the score and stage the lead had, and a mark costs a
 * fold's writes later.
 */
function commitUpdate(expected: LeadRevision, { set, inputsChanged, item }: LeadCommit) {
  const touch = leadCountKey(expected) === leadCountKey({ ...expected, ...set }) ? null : COUNT_TOUCH;
  return {
    $set: {
      ...set,
      ...(item ? { [`outbox.${item.token}`]: item, outbox_at: item.at } : {}),
      ...touch?.$set,
    },
    $inc: {
      ...(inputsChanged ? { inputs_version: 1 } : {}),
      ...(item ? { outbox_count: 1 } : {}),
      ...touch?.$inc,
    },
  };
}

const SCORE_KEY_PREFIX = 'score_';
const UNSCORED = 'none';
/** The stage of a lead stored without one (the schema's default). */
const FIRST_STAGE = 'unqualified';
/** Key format 2 added the stage; leads counted under a format-1 key (`score_N`) are counted again. */
const LEAD_KEY_FORMAT = 2;

/**
 * The key a lead is counted under (FoldedCounts), for the score distribution and the leads per stage: its
 * score (none before its first) and its stage, as `score_70|sql` or `none|unqualified`.
 */
function leadCountKey(lead: { score_seq?: unknown; score?: unknown; qualification_stage?: unknown }): string {
  const score =
    typeof lead.score_seq === 'number' && lead.score_seq > 0 && typeof lead.score === 'number'
      ? `${SCORE_KEY_PREFIX}${lead.score}`
      : UNSCORED;
  const stage = typeof lead.qualification_stage === 'string' ? lead.qualification_stage : FIRST_STAGE;
  return `${score}|${stage}`;
}

/** A count key's parts; a format-1 key has no stage. */
function parseLeadCountKey(key: string): { score: number | null; stage: string | null } {
  const [score = '', stage] = key.split('|');
  return {
    score: score.startsWith(SCORE_KEY_PREFIX) ? Number(score.slice(SCORE_KEY_PREFIX.length)) : null,
    stage: stage ?? null,
  };
}

/** A grade exactly, or a grade at least as good (A is best); both: leads that meet both. */
export interface GradeFilter {
  grade?: Grade;
  minimum_grade?: Grade;
}

function gradeCondition(filter: GradeFilter): { $in: Grade[] } | undefined {
  if (filter.grade === undefined && filter.minimum_grade === undefined) return undefined;
  const good = filter.minimum_grade === undefined ? [...GRADES] : gradesAtLeast(filter.minimum_grade);
  return { $in: filter.grade === undefined ? good : good.filter((grade) => grade === filter.grade) };
}

/** Filters of the current-score list (GET lead-scores/): one lead, a stage, a grade, a score range. */
export interface CurrentScoreFilter extends GradeFilter {
  lead_id?: number;
  qualification_stage?: string;
  min_score?: number;
  max_score?: number;
}

/** Half-open score ranges [from, to); the last one also holds `to` (100). */
export interface ScoreRange {
  from: number;
  to: number;
}

/**
 * A lead's current score is its own copy of its newest calculation (`score_seq` names that history entry;
 * the guard in applyScore keeps it from moving backwards). Leads never scored (`score_seq` 0) have none.
 */
const SCORED = { score_seq: { $gt: 0 } } as const;

/** `{$gte, $lte}` from whichever bounds are given; undefined when neither is. */
function scoreBetween(min: number | undefined, max: number | undefined) {
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined && { $gte: min }), ...(max !== undefined && { $lte: max }) };
}

const SEARCHED_FIELDS = ['first_name', 'last_name', 'email', 'company'] as const;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one place leads are read and written. Filters are built here from typed values only. */
@Injectable()
export class LeadsRepository implements OnModuleInit {
  /** leads per current score and stage, kept by the writes (see FoldedCounts) */
  private readonly counts: FoldedCounts;

  constructor(
    @InjectModel(LEAD_MODEL) private readonly leads: Model<LeadDocument>,
    @InjectModel(OUTCOME_CHANGE_MODEL) private readonly outcomeChanges: Model<OutcomeChangeRecord>,
    private readonly ids: SequentialIds,
    @InjectConnection() private readonly connection: Connection,
    @Inject(SERVER_PROFILE) private readonly server: ServerProfile,
  ) {
    this.counts = new FoldedCounts(
      'leads',
      this.leads.collection,
      connection.collection('count_snapshots'),
      connection.collection('count_removals'),
      leadCountKey,
      ['score', 'score_seq', 'qualification_stage'],
      LEAD_KEY_FORMAT,
      this.server,
    );
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.leads.init(), this.outcomeChanges.init()]);
    await moveTriggerStatesOntoLeads(this.connection);
    await dropRetiredIndexes(this.leads.collection, RETIRED_LEAD_INDEXES);
    await this.counts.adoptUncounted();
  }

  /** Folds leads whose score or stage changed since the last fold into the counts. */
  foldCounts(limit?: number): Promise<number> {
    return this.counts.fold(limit);
  }

  async create(lead: NewLead): Promise<LeadDocument> {
    const created = await this.ids.insert<LeadDocument>(
      this.leads,
      'leads',
      lead as Omit<LeadDocument, 'id'>,
    );
    return stripMongoId(created);
  }

  async findById(id: number): Promise<LeadDocument | null> {
    return this.leads.findOne({ id }, { _id: 0 }).lean<LeadDocument>();
  }

  async findByIds(ids: readonly number[]): Promise<LeadDocument[]> {
    return this.leads
      .find({ id: { $in: [...ids] } }, { _id: 0 })
      .sort({ id: 1 })
      .lean<LeadDocument[]>();
  }

  async exists(id: number): Promise<boolean> {
    return (await this.leads.exists({ id })) !== null;
  }

  /** Ids in ascending order after `afterId`, for walking every lead in chunks (bulk recalculation). */
  async idsAfter(afterId: number, limit: number): Promise<number[]> {
    const rows = await this.leads
      .find({ id: { $gt: afterId } }, { _id: 0, id: 1 })
      .sort({ id: 1 })
      .limit(limit)
      .lean<{ id: number }[]>();
    return rows.map((row) => row.id);
  }

  async count(): Promise<number> {
    return this.leads.countDocuments({});
  }

  async list(filter: LeadListFilter): Promise<{ count: number; results: LeadDocument[] }> {
    const query: QueryFilter<LeadDocument> = {};
    if (filter.status !== undefined) query.status = filter.status;
    if (filter.outcome !== undefined) query.outcome = filter.outcome === 'open' ? null : filter.outcome;
    if (filter.qualification_stage !== undefined) query.qualification_stage = filter.qualification_stage;
    const grade = gradeCondition(filter);
    if (grade) query.grade = grade;
    if (filter.owner_id !== undefined) query.owner_id = filter.owner_id;
    const score = scoreBetween(filter.score_min, filter.score_max);
    if (score) query.score = score;
    if (filter.search !== undefined && filter.search !== '') {
      const pattern = escapeRegex(filter.search);
      query.$or = SEARCHED_FIELDS.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } }));
    }
    const ordering = filter.ordering ?? { field: 'created_at', descending: true };
    const direction: SortOrder = ordering.descending ? -1 : 1;
    // Ties are broken by id so that pages never repeat or skip a lead.
    const sort: Record<string, SortOrder> =
      ordering.field === 'id' ? { id: direction } : { [ordering.field]: direction, id: direction };
    // Filtered by stage only, or not at all (the dashboard, the console's lists), newest first: the count is
    // kept by the writes, and the page found by ranges on indexes (newestFirstPage).
    const onlyStage = Object.keys(query).every((field) => field === 'qualification_stage');
    const newestFirst = ordering.field === 'created_at' && ordering.descending;
    const [count, results] = await Promise.all([
      onlyStage ? this.countInStage(filter.qualification_stage) : this.leads.countDocuments(query),
      this.page(query, sort, newestFirst, filter),
    ]);
    return { count, results };
  }

  /** One page of the list: by index ranges when newest first and it can (newestFirstPage), else sorted. */
  private async page(
    query: QueryFilter<LeadDocument>,
    sort: Record<string, SortOrder>,
    newestFirst: boolean,
    { skip, limit }: { skip: number; limit: number },
  ): Promise<LeadDocument[]> {
    const windowed = newestFirst
      ? await newestFirstPage(this.leads, query, 'created_at', await this.ids.last('leads'), skip, limit)
      : null;
    return (
      windowed ?? this.leads.find(query, { _id: 0 }).sort(sort).skip(skip).limit(limit).lean<LeadDocument[]>()
    );
  }

  /** Each scored lead, highest current score first (ties by id), filtered: the current-score list. */
  async listScored(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadDocument[] }> {
    const query: QueryFilter<LeadDocument> = { ...SCORED };
    if (filter.lead_id !== undefined) query.id = filter.lead_id;
    if (filter.qualification_stage !== undefined) query.qualification_stage = filter.qualification_stage;
    const grade = gradeCondition(filter);
    if (grade) query.grade = grade;
    const score = scoreBetween(filter.min_score, filter.max_score);
    if (score) query.score = score;
    const [count, results] = await Promise.all([
      this.leads.countDocuments(query),
      this.leads
        .find(query, { _id: 0 })
        .sort({ score: -1, id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<LeadDocument[]>(),
    ]);
    return { count, results };
  }

  /**
   * How many scored leads' current scores fall in each range, and their sum, from the counts per score the
   * writes keep (FoldedCounts): counting 100,000 leads per range took the embedded server 40 s.
   */
  async scoreCounts(
    ranges: readonly ScoreRange[],
  ): Promise<{ counts: number[]; sum: number; total: number }> {
    const last = ranges.length - 1;
    const counts = ranges.map(() => 0);
    let sum = 0;
    let total = 0;
    for (const [key, count] of await this.counts.read()) {
      const { score } = parseLeadCountKey(key);
      if (score === null) continue;
      const index = ranges.findIndex(
        (range, at) => score >= range.from && (at === last ? score <= range.to : score < range.to),
      );
      if (index >= 0) counts[index] = (counts[index] ?? 0) + count;
      sum += score * count;
      total += count;
    }
    return { counts, sum, total };
  }

  /**
   * How many leads are in `stage` (every lead when none is given), from the same kept counts: counting
   * 100,000 leads took seconds.
   */
  async countInStage(stage?: string): Promise<number> {
    let inStage = 0;
    for (const [key, count] of await this.counts.read())
      if (stage === undefined || parseLeadCountKey(key).stage === stage) inStage += count;
    return inStage;
  }

  /**
   * Sets client fields (null clears one) unconditionally, as a workflow action does; the score fields are
   * left alone. The lead's inputs version moves, so a calculation that read the lead before is redone.
   */
  async update(id: number, changes: Partial<LeadFields>): Promise<LeadDocument | null> {
    // A stage moved by hand (a workflow's move_to_stage) moves the lead's count key.
    const touch = 'qualification_stage' in changes ? COUNT_TOUCH : null;
    const written = await this.leads
      .findOneAndUpdate(
        { id },
        { $set: { ...changes, ...touch?.$set }, $inc: { inputs_version: 1, ...touch?.$inc } },
        { returnDocument: 'after' },
      )
      .lean<LeadDocument>();
    return written && stripMongoId(written);
  }

  /**
   * Sets a lead's outcome and keeps the change in its history; setting what the lead already holds records
   * nothing (a redone workflow step, an import sent twice). The history entry is written first, so an
   * outcome on a lead always has its entry. The outcome is not a scoring input: no recalculation follows.
   * Returns null when the lead does not exist.
   */
  async recordOutcome(
    id: number,
    outcome: LeadOutcome,
    source: OutcomeSource,
    changedBy: string | null,
    now = new Date(),
  ): Promise<{ lead: LeadDocument; changed: boolean } | null> {
    const lead = await this.findById(id);
    if (!lead) return null;
    const current = outcomeOf(lead);
    if (sameOutcome(current, outcome)) return { lead, changed: false };
    await this.ids.insert<OutcomeChangeRecord>(this.outcomeChanges, 'lead_outcome_changes', {
      lead_id: id,
      ...outcome,
      previous_outcome: current.outcome,
      source,
      changed_by: changedBy,
      changed_at: now,
    });
    const state = {
      outcome: outcome.outcome,
      outcome_at: outcome.outcome_at,
      outcome_amount: outcome.amount,
      outcome_reason: outcome.reason,
    };
    await this.leads.updateOne({ id }, { $set: state });
    return { lead: { ...lead, ...state }, changed: true };
  }

  /** A lead's outcome changes, newest first. */
  outcomeHistory(id: number): Promise<OutcomeChangeRecord[]> {
    return this.outcomeChanges
      .find({ lead_id: id }, { _id: 0 })
      .sort({ changed_at: -1, id: -1 })
      .lean<OutcomeChangeRecord[]>()
      .exec();
  }

  /** Ids of the open leads (no outcome), ascending, after `afterId`, at most `limit`: a page to predict. */
  async openIds(afterId: number, limit: number): Promise<number[]> {
    const rows = await this.leads
      .find({ id: { $gt: afterId }, outcome: null }, { _id: 0, id: 1 })
      .sort({ id: 1 })
      .limit(limit)
      .lean<{ id: number }[]>()
      .exec();
    return rows.map((row) => row.id);
  }

  /**
   * Stores predicted win probabilities with their model's version. A prediction is a scoring input (rules
   * may read predicted_win_probability), so it advances the lead's inputs version like any other input.
   */
  async setPredictions(
    predictions: readonly { id: number; probability: number }[],
    modelVersion: number,
  ): Promise<void> {
    if (predictions.length === 0) return;
    await this.leads.bulkWrite(
      predictions.map(({ id, probability }) => ({
        updateOne: {
          filter: { id },
          update: {
            $set: { predicted_win_probability: probability, prediction_model_version: modelVersion },
            $inc: { inputs_version: 1 },
          },
        },
      })),
      { ordered: false },
    );
  }

  /** Every lead with an outcome (won or lost), by id: the decided leads analytics learn from. */
  decided(): Promise<LeadDocument[]> {
    return this.leads
      .find({ outcome: { $in: ['won', 'lost'] } }, { _id: 0, outbox: 0, trigger_states: 0, score_entry: 0 })
      .sort({ id: 1 })
      .lean<LeadDocument[]>()
      .exec();
  }

  /** Marks an input of scoring that lives outside the lead (an activity) as changed. */
  async touchInputs(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.leads.updateMany({ id: { $in: [...ids] } }, { $inc: { inputs_version: 1 } });
  }

  /**
   * A calculation's write: its score onto the lead, with what it decided, only if the lead is still at the
   * revision the calculation read. The one place where concurrent calculations and input writes of a lead
   * are put in order (a single-document update is atomic on every server we run). Returns whether it won.
   */
  async commitScore(id: number, expected: LeadRevision, commit: LeadCommit): Promise<boolean> {
    const result = await this.leads.updateOne(revisionFilter(id, expected), commitUpdate(expected, commit));
    return result.matchedCount === 1;
  }

  /** commitScore for a change of the lead's own fields, returning the lead as written (null: refused). */
  async commitChange(id: number, expected: LeadRevision, commit: LeadCommit): Promise<LeadDocument | null> {
    const written = await this.leads
      .findOneAndUpdate(revisionFilter(id, expected), commitUpdate(expected, commit), {
        returnDocument: 'after',
      })
      .lean<LeadDocument>();
    return written && stripMongoId(written);
  }

  /**
   * The writes of a bulk chunk's calculations, each as commitScore would do it, in few round trips. Returns
   * the ids of the leads whose write won (each commit's `set` names its history entry in `score_id`).
   */
  async commitScores(
    commits: readonly { id: number; expected: LeadRevision; commit: LeadCommit }[],
  ): Promise<Set<number>> {
    if (commits.length === 0) return new Set();
    const { modified } = await bulkWriteInBatches(
      this.leads,
      commits.map(({ id, expected, commit }) => ({
        updateOne: { filter: revisionFilter(id, expected), update: commitUpdate(expected, commit) },
      })),
      this.server,
    );
    // Every commit names a new entry, so a commit that matched changed its lead: when all changed, all won
    // (the usual case in a bulk run, and a read of every lead saved).
    if (modified === commits.length) return new Set(commits.map(({ id }) => id));
    // An unordered bulk write counts its changes but does not say which; the entry ids on the leads do.
    const wanted = new Map(commits.map(({ id, commit }) => [id, commit.set.score_id]));
    const rows = await this.leads
      .find({ id: { $in: [...wanted.keys()] } }, { _id: 0, id: 1, score_id: 1 })
      .lean<Pick<LeadDocument, 'id' | 'score_id'>[]>();
    return new Set(rows.filter((row) => row.score_id === wanted.get(row.id)).map((row) => row.id));
  }

  /**
   * Removes outbox items whose records are written, one write per item; an item that is gone already is no
   * change. `outbox_at` keeps the date of the last item added: with no items left it is harmless, as the
   * sweep looks for a count above 0 (clearing it too would need a second, conditional pass over the leads).
   */
  async clearOutbox(refs: readonly OutboxRef[]): Promise<void> {
    const unique = dedupe(refs);
    const [single] = unique;
    if (unique.length === 1 && single) {
      await this.leads.updateOne(...outboxRemoval(single));
      return;
    }
    await bulkWriteInBatches(
      this.leads,
      unique.map((ref) => {
        const [filter, update] = outboxRemoval(ref);
        return { updateOne: { filter, update } };
      }),
      this.server,
    );
  }

  /**
   * Leads with outbox items older than `cutoff`: records a crash may have left unwritten. Found by their
   * count, a number the embedded server looks up in its index, and only then by date: it filters a date
   * range in memory after reading every lead (measured: ~45 ms per 1,000 leads, every sweep).
   */
  async staleOutboxes(cutoff: Date, limit: number): Promise<Pick<LeadDocument, 'id' | 'outbox'>[]> {
    return this.leads
      .find({ outbox_count: { $gt: 0 }, outbox_at: { $lte: cutoff } }, { _id: 0, id: 1, outbox: 1 })
      .limit(limit)
      .lean<Pick<LeadDocument, 'id' | 'outbox'>[]>();
  }

  /** Leads whose id lies in [fromId, toId], ascending: one chunk of a bulk run over every lead. */
  async findInIdRange(fromId: number, toId: number): Promise<LeadDocument[]> {
    return this.leads
      .find({ id: { $gte: fromId, $lte: toId } }, { _id: 0 })
      .sort({ id: 1 })
      .lean<LeadDocument[]>();
  }

  async delete(id: number): Promise<boolean> {
    return this.counts.remove({ id });
  }
}

/** The update that removes one outbox item, when it is still there. */
function outboxRemoval(ref: OutboxRef) {
  const path = `outbox.${ref.token}`;
  return [
    { id: ref.lead_id, [path]: { $exists: true } },
    { $unset: { [path]: '' }, $inc: { outbox_count: -1 } },
  ] as const;
}

function dedupe(refs: readonly OutboxRef[]): OutboxRef[] {
  return [...new Map(refs.map((ref) => [`${ref.lead_id}/${ref.token}`, ref])).values()];
}

function stripMongoId(lead: LeadDocument & { _id?: unknown }): LeadDocument {
  const { _id: _ignored, ...rest } = lead;
  return rest;
}

/** A stored lead's outcome (leads from before outcomes have none). */
export function outcomeOf(lead: Partial<LeadDocument>): LeadOutcome {
  return {
    outcome: lead.outcome ?? null,
    outcome_at: lead.outcome_at ?? null,
    amount: lead.outcome_amount ?? null,
    reason: lead.outcome_reason ?? null,
  };
}
