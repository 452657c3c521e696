import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import { LEAD_SCORE_MODEL, type LeadScoreRecord } from './lead-score.schema';
import { type EntryBefore, entryAfter, FIRST_CALCULATION } from './run-scores.repository';

export type LeadScoreFields = Omit<
  LeadScoreRecord,
  'id' | 'seq' | 'previous_score' | 'score_change' | 'previous_stage' | 'latest'
>;

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

const MAX_ATTEMPTS = 100;
/** Score entries are listed by (lead, seq), never by id, so their ids come from per-process blocks. */
const ID_BLOCK = 50;
const PUBLIC = { _id: 0 } as const;

@Injectable()
export class LeadScoresRepository {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(LEAD_SCORE_MODEL) private readonly scores: Model<LeadScoreRecord>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  latest(leadId: number): Promise<LeadScoreRecord | null> {
    return this.scores.findOne({ lead_id: leadId }, PUBLIC).sort({ seq: -1 }).lean<LeadScoreRecord>().exec();
  }

  /**
   * Appends a calculation after the lead's latest one. When a concurrent writer took the same `seq`, the
   * unique index refuses this insert and it is redone on top of the new latest entry. `guess` (what the
   * caller believes the latest entry is, from the lead's own copy) saves reading it first; a wrong guess
   * costs one refused insert. Call `retirePrevious` with the result.
   */
  async append(fields: LeadScoreFields, guess?: EntryBefore): Promise<LeadScoreRecord> {
    for (let attempt = 1; ; attempt++) {
      const previous = attempt === 1 && guess ? guess : await this.latestAsPrevious(fields.lead_id);
      try {
        return await this.ids.insert<LeadScoreRecord>(
          this.scores,
          'lead_scores',
          entryAfter(fields, previous),
          { block: ID_BLOCK },
        );
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Clears `latest` on the entries before `appended`. Runs after its insert, so it also clears an entry a
   * concurrent writer inserted before ours; a newer writer's own call clears ours. Only the highest seq
   * stays `latest`.
   */
  async retirePrevious(appended: LeadScoreRecord): Promise<void> {
    await this.scores
      .updateMany(
        { lead_id: appended.lead_id, seq: { $lt: appended.seq }, latest: true },
        { $set: { latest: false } },
      )
      .exec();
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
        .lean<LeadScoreRecord[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /** Each lead's current (latest) score, highest first, filtered. */
  async listCurrent(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadScoreRecord[] }> {
    const query: Record<string, unknown> = { latest: true };
    if (filter.lead_id !== undefined) query.lead_id = filter.lead_id;
    if (filter.qualification_stage !== undefined) query.qualification_stage = filter.qualification_stage;
    if (filter.min_score !== undefined || filter.max_score !== undefined) {
      query.score = {
        ...(filter.min_score !== undefined ? { $gte: filter.min_score } : {}),
        ...(filter.max_score !== undefined ? { $lte: filter.max_score } : {}),
      };
    }
    const [count, results] = await Promise.all([
      this.scores.countDocuments(query).exec(),
      this.scores
        .find(query, PUBLIC)
        .sort({ score: -1, lead_id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<LeadScoreRecord[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /**
   * How many leads' current scores fall in each range, and their sum. FerretDB's $group knows only $sum and
   * $count, so each range is a count over the (latest, score) index.
   */
  async currentScoreCounts(
    ranges: readonly ScoreRange[],
  ): Promise<{ counts: number[]; sum: number; total: number }> {
    const last = ranges.length - 1;
    const [counts, sums, total] = await Promise.all([
      Promise.all(
        ranges.map((range, index) =>
          this.scores
            .countDocuments({
              latest: true,
              score:
                index === last ? { $gte: range.from, $lte: range.to } : { $gte: range.from, $lt: range.to },
            })
            .exec(),
        ),
      ),
      this.scores
        .aggregate<{ sum: number }>([
          { $match: { latest: true } },
          { $group: { _id: null, sum: { $sum: '$score' } } },
        ])
        .exec(),
      this.scores.countDocuments({ latest: true }).exec(),
    ]);
    return { counts, sum: sums[0]?.sum ?? 0, total };
  }
}
