import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { DayFlows } from '@leadflow/domain';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { STAGE_CHANGE_MODEL, type StageChangeRecord } from './stage-change.schema';
import { KEPT_HOURS_COLLECTION, recordedHour, StageDayCounts, stampRecordedHours } from './stage-day-counts';

/** What a caller records: the repository stamps the hour it is written. */
export type NewStageChange = Omit<StageChangeRecord, 'id' | 'recorded_hour'>;

@Injectable()
export class StageHistoryRepository implements OnModuleInit {
  /** changes per stage and day, for the stage trend */
  private readonly perDay: StageDayCounts;
  private readonly keptHours;

  constructor(
    @InjectModel(STAGE_CHANGE_MODEL) private readonly changes: Model<StageChangeRecord>,
    private readonly ids: SequentialIds,
    @InjectConnection() connection: Connection,
  ) {
    this.keptHours = connection.collection(KEPT_HOURS_COLLECTION);
    this.perDay = new StageDayCounts('stage_changes', changes.collection, this.keptHours);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.changes.init(), this.perDay.createIndexes()]);
    await stampRecordedHours('stage_changes', this.changes.collection, this.keptHours, 'changed_at');
  }

  /**
   * Records stage changes, each once, in one insert. A change is keyed by the calculation that made it (its
   * `_id` is `lead_score_id`), so writers that record the same change at once store it once: a calculation's
   * writer and a recovery of its entry from the lead's copy, or a bulk chunk done twice. Changes stored before
   * that key (with an ObjectId) are looked up by `lead_score_id` first.
   */
  async recordMany(changes: readonly NewStageChange[], now = new Date()): Promise<void> {
    if (changes.length === 0) return;
    const recorded = await this.changes
      .find(
        { lead_score_id: { $in: changes.map((change) => change.lead_score_id) } },
        { _id: 0, lead_score_id: 1 },
      )
      .lean<Pick<StageChangeRecord, 'lead_score_id'>[]>()
      .exec();
    const done = new Set(recorded.map((row) => row.lead_score_id));
    const fresh = [...new Map(changes.map((change) => [change.lead_score_id, change])).values()].filter(
      (change) => !done.has(change.lead_score_id),
    );
    const hour = recordedHour(now);
    if (fresh.length > 0)
      await this.ids.insertMany(
        this.changes.collection,
        'stage_changes',
        fresh.map((change) => ({ _id: change.lead_score_id, ...change, recorded_hour: hour })),
      );
  }

  forLead(leadId: number): Promise<StageChangeRecord[]> {
    return this.changes
      .find({ lead_id: leadId }, { _id: 0, recorded_hour: 0 })
      .sort({ changed_at: -1, id: -1 })
      .lean<StageChangeRecord[]>()
      .exec();
  }

  /** Moves into and out of each stage on each UTC day from `firstDay` to `lastDay` (day numbers). */
  flowsPerDay(firstDay: number, lastDay: number, now = new Date()): Promise<DayFlows[]> {
    return this.perDay.flows(firstDay, lastDay, now);
  }
}
