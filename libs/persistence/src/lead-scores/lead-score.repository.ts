import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { type Grade, scoreChange } from '@leadflow/domain';
import { dropRetiredIndexes } from '../retired-indexes';
import { insertUnordered, SequentialIds } from '../sequential-ids';
import {
  fromStoredScore,
  LEAD_SCORE_MODEL,
  type LeadScoreRecord,
  type StoredLeadScore,
} from './lead-score.schema';

export type LeadScoreFields = Omit<
  LeadScoreRecord,
  'id' | 'seq' | 'previous_score' | 'score_change' | 'previous_stage'
>;

/** The history entry a new calculation follows: its number in the lead's history, score and stage. */
export interface EntryBefore {
  seq: number;
  score: number;
  qualification_stage: string;
  /** absent: not known (the grade move is then not recorded) */
  grade?: Grade | null;
}

/** What a lead's first calculation follows: nothing, scored 0, unqualified. */
export const FIRST_CALCULATION: EntryBefore = { seq: 0, score: 0, qualification_stage: 'unqualified' };

/** The key that makes a lead's calculation in a bulk run unique (lead_scores.run_key). */
export function runKey(runId: string, leadId: number): string {
  return `${runId}:${leadId}`;
}

/** The history entry of a calculation that follows `previous`: next in the lead's history. */
export function entryAfter(
  id: number,
  fields: LeadScoreFields,
  previous: EntryBefore,
): Omit<LeadScoreRecord, 'run_key'> {
  return {
    ...fields,
    id,
    seq: previous.seq + 1,
    ...scoreChange(fields.score, previous.score),
    previous_stage: previous.qualification_stage,
    previous_grade: previous.grade ?? null,
  };
}

/** Names one history entry: the lead's calculation number `seq`. */
export interface EntryKey {
  lead_id: number;
  seq: number;
}

/** Names one history entry, by its id too when that is known. */
export interface EntryRef extends EntryKey {
  id?: number;
}

/** Score entries are listed by (lead, seq), never by id, so their ids come from per-process blocks. */
const ID_BLOCK = 50;
const MAX_REPLACE_ATTEMPTS = 5;
const PUBLIC = { _id: 0 } as const;

/**
 * The score history. Which calculation becomes a lead's next entry is decided on the lead itself (one
 * conditional write, LeadsRepository.commitScore, that also names the entry's seq and id). The entry is
 * written here beside that write or after it; writing one twice stores it once (unique id and (lead_id, seq)).
 * An entry written beside a write that then lost (a tentative one) is removed again by its writer, or
 * replaced by the winner of its seq, and is never listed meanwhile: lists stop at the lead's own `score_seq`.
 */
@Injectable()
export class LeadScoresRepository implements OnModuleInit {
  constructor(
    @InjectModel(LEAD_SCORE_MODEL) private readonly scores: Model<StoredLeadScore>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    // Before a lead's own copy named its current score, entries carried a `latest` flag, indexed for the
    // distribution.
    await dropRetiredIndexes(this.scores.collection, ['latest_1_score_1']);
  }

  /** An id for the next entry of any lead (from this process's block). */
  nextId(): Promise<number> {
    return this.ids.fromBlock('lead_scores', ID_BLOCK);
  }

  /** `count` ids in a row, for a bulk chunk's entries. */
  async nextIds(count: number): Promise<number[]> {
    if (count === 0) return [];
    const first = await this.ids.reserve('lead_scores', count);
    return Array.from({ length: count }, (_unused, index) => first + index);
  }

  /** Writes entries decided already; one that is stored already (a flush done twice) is left as it is. */
  async insertDecided(entries: readonly StoredLeadScore[]): Promise<void> {
    if (entries.length > 0) await insertUnordered(this.scores.collection, entries);
  }

  /**
   * Writes an entry beside the conditional write that decides it; false when its (lead, seq) is taken
   * (by a tentative entry of a writer that lost, or by a winner that was faster).
   */
  async insertTentative(entry: StoredLeadScore): Promise<boolean> {
    return (await insertUnordered(this.scores.collection, [entry])).size === 0;
  }

  /** The decided entry in place of a tentative one at its (lead, seq), or written when there is none. */
  async replaceAt(entry: StoredLeadScore): Promise<void> {
    for (let attempt = 1; attempt <= MAX_REPLACE_ATTEMPTS; attempt++) {
      const replaced = await this.scores.collection.replaceOne(
        { lead_id: entry.lead_id, seq: entry.seq },
        entry,
      );
      if (replaced.matchedCount === 1) return;
      // Its writer removed the tentative entry meanwhile: the seq is free.
      if (await this.insertTentative(entry)) return;
    }
    throw new Error(`history entry ${entry.seq} of lead ${entry.lead_id} could not be written`);
  }

  /** Removes a tentative entry of a write that lost (by its own id: a winner's entry there stays). */
  async deleteTentative(id: number): Promise<void> {
    await this.scores.collection.deleteOne({ id });
  }

  /** Which of these entry ids are stored. */
  async storedIds(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.scores
      .find({ id: { $in: [...ids] } }, { _id: 0, id: 1 })
      .lean<{ id: number }[]>()
      .exec();
    return new Set(rows.map((row) => row.id));
  }

  /** The entries stored under these keys (a bulk run's, or a rescoring job's), in no particular order. */
  async byRunKeys(keys: readonly string[]): Promise<LeadScoreRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.scores
      .find({ run_key: { $in: [...keys] } }, PUBLIC)
      .lean<StoredLeadScore[]>()
      .exec();
    return rows.map(fromStoredScore);
  }

  /** The lead's entries up to `upToSeq` (its own `score_seq`: later ones are tentative), newest first. */
  async history(
    leadId: number,
    skip: number,
    limit: number,
    upToSeq = Number.MAX_SAFE_INTEGER,
  ): Promise<{ count: number; results: LeadScoreRecord[] }> {
    const filter = { lead_id: leadId, seq: { $lte: upToSeq } };
    const [count, results] = await Promise.all([
      this.scores.countDocuments(filter).exec(),
      this.scores
        .find(filter, PUBLIC)
        .sort({ seq: -1 })
        .skip(skip)
        .limit(limit)
        .lean<StoredLeadScore[]>()
        .exec(),
    ]);
    return { count, results: results.map(fromStoredScore) };
  }

  /**
   * The lead's entry as of `at`: its newest calculation made at or before that instant, up to its own
   * current entry (later ones are tentative); null when it had none yet. What analytics read as the score
   * a lead had at its outcome date.
   */
  async atOrBefore(
    leadId: number,
    at: Date,
    upToSeq = Number.MAX_SAFE_INTEGER,
  ): Promise<LeadScoreRecord | null> {
    const [found] = await this.scores
      .find({ lead_id: leadId, seq: { $lte: upToSeq }, calculated_at: { $lte: at } }, PUBLIC)
      .sort({ seq: -1 })
      .limit(1)
      .lean<StoredLeadScore[]>()
      .exec();
    return found ? fromStoredScore(found) : null;
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
