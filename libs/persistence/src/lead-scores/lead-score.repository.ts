import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { dropRetiredIndexes } from '../retired-indexes';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import {
  fromStoredScore,
  LEAD_SCORE_MODEL,
  type LeadScoreRecord,
  type StoredLeadScore,
  toStoredScore,
} from './lead-score.schema';
import { type EntryBefore, entryAfter, FIRST_CALCULATION } from './run-scores.repository';

export type LeadScoreFields = Omit<
  LeadScoreRecord,
  'id' | 'seq' | 'previous_score' | 'score_change' | 'previous_stage'
>;

/** Names one history entry: the lead's calculation number `seq`. */
export interface EntryKey {
  lead_id: number;
  seq: number;
}

/** Names one history entry, by its id too when that is known. */
export interface EntryRef extends EntryKey {
  id?: number;
}

const MAX_ATTEMPTS = 100;
/** Score entries are listed by (lead, seq), never by id, so their ids come from per-process blocks. */
const ID_BLOCK = 50;
const PUBLIC = { _id: 0 } as const;

@Injectable()
export class LeadScoresRepository implements OnModuleInit {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(LEAD_SCORE_MODEL) private readonly scores: Model<StoredLeadScore>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    // Before a lead's own copy named its current score, entries carried a `latest` flag, indexed for the
    // distribution.
    await dropRetiredIndexes(this.scores.collection, ['latest_1_score_1']);
  }

  async latest(leadId: number): Promise<LeadScoreRecord | null> {
    const stored = await this.scores
      .findOne({ lead_id: leadId }, PUBLIC)
      .sort({ seq: -1 })
      .lean<StoredLeadScore>()
      .exec();
    return stored && fromStoredScore(stored);
  }

  /**
   * Appends a calculation after the lead's latest one. When a concurrent writer took the same `seq`, the
   * unique index refuses this insert and it is redone on top of the new latest entry. `guess` (what the
   * caller believes the latest entry is, from the lead's own copy) saves reading it first; a wrong guess
   * costs one refused insert.
   */
  async append(fields: LeadScoreFields, guess?: EntryBefore): Promise<LeadScoreRecord> {
    for (let attempt = 1; ; attempt++) {
      const previous = attempt === 1 && guess ? guess : await this.latestAsPrevious(fields.lead_id);
      try {
        const stored = await this.ids.insert<StoredLeadScore>(
          this.scores,
          'lead_scores',
          toStoredScore(entryAfter(fields, previous)),
          { block: ID_BLOCK },
        );
        return fromStoredScore(stored);
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async latestAsPrevious(leadId: number): Promise<EntryBefore> {
    const latest = await this.latest(leadId);
    return latest
      ? { seq: latest.seq, score: latest.score, qualification_stage: latest.qualification_stage }
      : FIRST_CALCULATION;
  }

  async history(
    leadId: number,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadScoreRecord[] }> {
    const [count, results] = await Promise.all([
      this.scores.countDocuments({ lead_id: leadId }).exec(),
      this.scores
        .find({ lead_id: leadId }, PUBLIC)
        .sort({ seq: -1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredLeadScore[]>()
        .exec(),
    ]);
    return { count, results: results.map(fromStoredScore) };
  }

  /**
   * The entries `refs` name, in no particular order (a ref without an entry is left out): by id, on the
   * unique index, and by (lead_id, seq) for refs without one (leads scored before their copy recorded it).
   */
  async entries(refs: readonly EntryRef[]): Promise<LeadScoreRecord[]> {
    const ids = refs.flatMap((ref) => (ref.id === undefined ? [] : [ref.id]));
    const [byId, byPair] = await Promise.all([
      ids.length === 0
        ? []
        : this.scores
            .find({ id: { $in: ids } }, PUBLIC)
            .lean<StoredLeadScore[]>()
            .exec(),
      this.byLeadAndSeq(refs.filter((ref) => ref.id === undefined)),
    ]);
    return [...byId, ...byPair].map(fromStoredScore);
  }

  /** One query on the (lead_id, seq) index: a superset of the pairs, narrowed here. */
  private async byLeadAndSeq(keys: readonly EntryKey[]): Promise<StoredLeadScore[]> {
    if (keys.length === 0) return [];
    const wanted = new Set(keys.map((key) => `${key.lead_id}:${key.seq}`));
    const rows = await this.scores
      .find(
        {
          lead_id: { $in: [...new Set(keys.map((key) => key.lead_id))] },
          seq: { $in: [...new Set(keys.map((key) => key.seq))] },
        },
        PUBLIC,
      )
      .lean<StoredLeadScore[]>()
      .exec();
    return rows.filter((row) => wanted.has(`${row.lead_id}:${row.seq}`));
  }
}
