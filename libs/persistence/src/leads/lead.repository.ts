import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model, QueryFilter, SortOrder } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { type LeadDocument, type LeadFields, type LeadScoreState, leadSchema } from './lead.schema';
import { bulkWriteInBatches } from '../bulk-write';

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

export interface LeadListFilter {
  status?: string;
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

/** Filters of the current-score list (GET lead-scores/): one lead, a stage, a score range. */
export interface CurrentScoreFilter {
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
  private readonly leads: Model<LeadDocument>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.leads = connection.model<LeadDocument>('Lead', leadSchema, 'leads', { overwriteModels: true });
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.leads.init();
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
    if (filter.qualification_stage !== undefined) query.qualification_stage = filter.qualification_stage;
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
    const [count, results] = await Promise.all([
      this.leads.countDocuments(query),
      this.leads
        .find(query, { _id: 0 })
        .sort(sort)
        .skip(filter.skip)
        .limit(filter.limit)
        .lean<LeadDocument[]>(),
    ]);
    return { count, results };
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
   * How many scored leads' current scores fall in each range, and their sum. FerretDB's $group knows only
   * $sum and $count, so each range is a count over the score index.
   */
  async scoreCounts(
    ranges: readonly ScoreRange[],
  ): Promise<{ counts: number[]; sum: number; total: number }> {
    const last = ranges.length - 1;
    const [counts, sums, total] = await Promise.all([
      Promise.all(
        ranges.map((range, index) =>
          this.leads.countDocuments({
            ...SCORED,
            score:
              index === last ? { $gte: range.from, $lte: range.to } : { $gte: range.from, $lt: range.to },
          }),
        ),
      ),
      this.leads.aggregate<{ sum: number }>([
        { $match: SCORED },
        { $group: { _id: null, sum: { $sum: '$score' } } },
      ]),
      this.leads.countDocuments(SCORED),
    ]);
    return { counts, sum: sums[0]?.sum ?? 0, total };
  }

  /** Sets client fields (null clears one); the score fields are left alone. */
  async update(id: number, changes: Partial<LeadFields>): Promise<LeadDocument | null> {
    const result = await this.leads.updateOne({ id }, { $set: changes });
    if (result.matchedCount === 0) return null;
    return this.findById(id);
  }

  /**
   * Writes a calculated score unless a calculation with a higher `score_seq` was applied already. The
   * uniqueness of (lead, seq) in the score history is what serialises concurrent calculations; this only
   * keeps the lead's copy from moving backwards. Returns whether it was applied.
   */
  async applyScore(id: number, fields: LeadScoreState): Promise<boolean> {
    const result = await this.leads.updateOne({ id, score_seq: { $lt: fields.score_seq } }, { $set: fields });
    return result.modifiedCount === 1;
  }

  /**
   * Writes many calculated scores in one bulkWrite (a bulk run's chunk), each unless a calculation with a
   * higher `score_seq` was applied already: the `score_seq` guard keeps every lead's copy from moving
   * backwards.
   */
  async applyScores(scores: readonly { id: number; state: LeadScoreState }[]): Promise<void> {
    if (scores.length === 0) return;
    await bulkWriteInBatches(
      this.leads,
      scores.map(({ id, state }) => ({
        updateOne: { filter: { id, score_seq: { $lt: state.score_seq } }, update: { $set: state } },
      })),
    );
  }

  /** Leads whose id lies in [fromId, toId], ascending: one chunk of a bulk run over every lead. */
  async findInIdRange(fromId: number, toId: number): Promise<LeadDocument[]> {
    return this.leads
      .find({ id: { $gte: fromId, $lte: toId } }, { _id: 0 })
      .sort({ id: 1 })
      .lean<LeadDocument[]>();
  }

  async delete(id: number): Promise<boolean> {
    return (await this.leads.deleteOne({ id })).deletedCount === 1;
  }
}

function stripMongoId(lead: LeadDocument & { _id?: unknown }): LeadDocument {
  const { _id: _ignored, ...rest } = lead;
  return rest;
}
