import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import type { EntryKey, LeadScoreFields } from './lead-score.repository';
import {
  fromStoredScore,
  LEAD_SCORE_MODEL,
  type LeadScoreRecord,
  type StoredLeadScore,
  toStoredScore,
} from './lead-score.schema';

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
 * Writes the calculations of one chunk of a bulk run in one insertMany of the history entries. Each entry
 * carries `run_key`, unique, so a chunk run twice (a job retried after a crash, or a stalled job picked up
 * while the first worker still ran it) stores one calculation per lead and run: the second attempt finds the
 * first one's entries and returns them. The per-lead (lead_id, seq) index still serialises these writes with
 * single calculations.
 */
@Injectable()
export class RunScoresRepository {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(LEAD_SCORE_MODEL) private readonly scores: Model<StoredLeadScore>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  /**
   * Appends each calculation to its lead's history unless the run stored one for that lead already, and
   * returns the run's entry of every lead: `created` now, or found from an `earlier` attempt.
   */
  async appendForRun(
    runId: string,
    calculations: readonly RunCalculation[],
  ): Promise<{ created: LeadScoreRecord[]; earlier: LeadScoreRecord[] }> {
    const created: LeadScoreRecord[] = [];
    const earlier: LeadScoreRecord[] = [];
    let pending = [...calculations];
    // A lead's entry before its calculation: the caller's guess, until a refused insert corrects it.
    const corrected = new Map<number, EntryBefore>();
    const previousOf = (calculation: RunCalculation): EntryBefore =>
      corrected.get(calculation.fields.lead_id) ?? calculation.previous;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`bulk run ${runId}: history entries kept colliding`);
      const rows = pending.map((calculation) =>
        toStoredScore({
          ...entryAfter(calculation.fields, previousOf(calculation)),
          run_key: runKey(runId, calculation.fields.lead_id),
        }),
      );
      const { inserted, refused } = await this.ids.insertMany<StoredLeadScore>(
        this.scores.collection,
        'lead_scores',
        rows,
      );
      created.push(...inserted.map(fromStoredScore));
      if (refused.length === 0) break;
      // Refused: scored by this run already, or a concurrent calculation took the seq (a wrong guess).
      const refusedLeads = new Set(refused.map((row) => row.lead_id));
      const found = await this.byRunKeys(refused.map((row) => row.run_key ?? ''));
      earlier.push(...found);
      const done = new Set(found.map((row) => row.lead_id));
      pending = pending.filter(({ fields }) => refusedLeads.has(fields.lead_id) && !done.has(fields.lead_id));
      const guesses = pending.map((calculation) => ({
        lead_id: calculation.fields.lead_id,
        seq: previousOf(calculation).seq,
      }));
      for (const [leadId, newest] of await this.newestAfter(guesses)) corrected.set(leadId, newest);
    }
    return { created, earlier };
  }

  private async byRunKeys(keys: readonly string[]): Promise<LeadScoreRecord[]> {
    const rows = await this.scores
      .find({ run_key: { $in: [...keys] } }, { _id: 0 })
      .lean<StoredLeadScore[]>()
      .exec();
    return rows.map(fromStoredScore);
  }

  /**
   * Each lead's newest entry among those after its wrong guess (a lead with none newer is left out). Only
   * entries with a seq above the lowest guess are read: a refused insert means a newer one exists.
   */
  private async newestAfter(guesses: readonly EntryKey[]): Promise<Map<number, EntryBefore>> {
    if (guesses.length === 0) return new Map();
    const rows = await this.scores
      .find(
        {
          lead_id: { $in: guesses.map((guess) => guess.lead_id) },
          seq: { $gt: Math.min(...guesses.map((guess) => guess.seq)) },
        },
        { _id: 0, lead_id: 1, seq: 1, score: 1, qualification_stage: 1 },
      )
      .lean<(EntryBefore & { lead_id: number })[]>()
      .exec();
    const newest = new Map<number, EntryBefore>();
    for (const row of rows) {
      if ((newest.get(row.lead_id)?.seq ?? -1) < row.seq) newest.set(row.lead_id, row);
    }
    return newest;
  }
}

/** The history entry of a calculation that follows `previous`: next in the lead's history. */
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
  };
}
