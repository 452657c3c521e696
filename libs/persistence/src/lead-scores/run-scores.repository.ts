import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import type { LeadScoreFields } from './lead-score.repository';
import { LEAD_SCORE_MODEL, type LeadScoreRecord } from './lead-score.schema';

/** The history entry a new calculation follows: its number in the lead's history, score and stage. */
export interface EntryBefore {
  seq: number;
  score: number;
  qualification_stage: string;
}

/** One lead's calculation in a bulk run, with what the caller believes the lead's latest entry is. */
export interface RunCalculation {
  fields: LeadScoreFields;
  /** from the lead's own copy of its latest calculation; a wrong guess costs one refused insert */
  previous: EntryBefore;
}

const MAX_ATTEMPTS = 20;
/** What a lead's first calculation follows: nothing, scored 0, unqualified. */
export const FIRST_CALCULATION: EntryBefore = { seq: 0, score: 0, qualification_stage: 'unqualified' };

/** The key that makes a lead's calculation in a run unique (lead_scores.run_key). */
export function runKey(runId: string, leadId: number): string {
  return `${runId}:${leadId}`;
}

/**
 * Writes the calculations of one chunk of a bulk run in a few round trips: one insertMany of the history
 * entries, one update retiring the entries they follow. Each entry carries `run_key`, unique, so a chunk
 * run twice (a job retried after a crash, or a stalled job picked up while the first worker still ran it)
 * stores one calculation per lead and run: the second attempt finds the first one's entries and returns
 * them. The per-lead (lead_id, seq) index still serialises these writes with single calculations.
 */
@Injectable()
export class RunScoresRepository {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(LEAD_SCORE_MODEL) private readonly scores: Model<LeadScoreRecord>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  /**
   * Appends each calculation to its lead's history unless the run stored one for that lead already, and
   * returns the run's entry of every lead: `created` now, or found from an `earlier` attempt. `latest` is
   * cleared on the entries before them.
   */
  async appendForRun(
    runId: string,
    calculations: readonly RunCalculation[],
  ): Promise<{ created: LeadScoreRecord[]; earlier: LeadScoreRecord[] }> {
    const created: LeadScoreRecord[] = [];
    const earlier: LeadScoreRecord[] = [];
    let pending = [...calculations];
    let previousOf = (calculation: RunCalculation): EntryBefore => calculation.previous;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`bulk run ${runId}: history entries kept colliding`);
      const rows = pending.map((calculation) => ({
        ...entryAfter(calculation.fields, previousOf(calculation)),
        run_key: runKey(runId, calculation.fields.lead_id),
      }));
      const { inserted, refused } = await this.ids.insertMany<LeadScoreRecord>(
        this.scores.collection,
        'lead_scores',
        rows,
      );
      created.push(...inserted);
      if (refused.length === 0) break;
      // Refused: scored by this run already, or a concurrent calculation took the seq (a wrong guess).
      const refusedLeads = new Set(refused.map((row) => row.lead_id));
      const found = await this.byRunKeys(refused.map((row) => row.run_key ?? ''));
      earlier.push(...found);
      const done = new Set(found.map((row) => row.lead_id));
      pending = pending.filter(({ fields }) => refusedLeads.has(fields.lead_id) && !done.has(fields.lead_id));
      const latest = await this.latestOf(pending.map((calculation) => calculation.fields.lead_id));
      previousOf = (calculation) => latest.get(calculation.fields.lead_id) ?? FIRST_CALCULATION;
    }
    await this.retireBefore([...created, ...earlier]);
    return { created, earlier };
  }

  private byRunKeys(keys: readonly string[]): Promise<LeadScoreRecord[]> {
    return this.scores
      .find({ run_key: { $in: [...keys] } }, { _id: 0 })
      .lean<LeadScoreRecord[]>()
      .exec();
  }

  private async latestOf(leadIds: readonly number[]): Promise<Map<number, EntryBefore>> {
    const rows = await this.scores
      .find(
        { lead_id: { $in: [...leadIds] }, latest: true },
        { _id: 0, lead_id: 1, seq: 1, score: 1, qualification_stage: 1 },
      )
      .lean<LeadScoreRecord[]>()
      .exec();
    const latest = new Map<number, EntryBefore>();
    for (const row of rows) {
      if ((latest.get(row.lead_id)?.seq ?? -1) < row.seq) latest.set(row.lead_id, row);
    }
    return latest;
  }

  /**
   * Clears `latest` on each lead's entries before its run entry, in one update. An entry a concurrent
   * calculation appended after the run's keeps `latest`: only lower seqs of these leads are touched.
   */
  private async retireBefore(entries: readonly LeadScoreRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const lowestRunSeq = new Map(entries.map((entry) => [entry.lead_id, entry.seq]));
    const stale = await this.scores
      .find(
        { lead_id: { $in: [...lowestRunSeq.keys()] }, latest: true },
        { _id: 0, id: 1, lead_id: 1, seq: 1 },
      )
      .lean<Pick<LeadScoreRecord, 'id' | 'lead_id' | 'seq'>[]>()
      .exec();
    const ids = stale.filter((row) => row.seq < (lowestRunSeq.get(row.lead_id) ?? 0)).map((row) => row.id);
    if (ids.length > 0) {
      await this.scores.updateMany({ id: { $in: ids } }, { $set: { latest: false } }).exec();
    }
  }
}

/** The history entry of a calculation that follows `previous`: next in the lead's history, and the latest. */
export function entryAfter(
  fields: LeadScoreFields,
  previous: EntryBefore,
): Omit<LeadScoreRecord, 'id' | 'run_key'> {
  return {
    ...fields,
    seq: previous.seq + 1,
    previous_score: previous.score,
    score_change: fields.score - previous.score,
    previous_stage: previous.qualification_stage,
    latest: true,
  };
}
