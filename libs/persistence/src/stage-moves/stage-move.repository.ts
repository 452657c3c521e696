import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { DayFlows } from '@leadflow/domain';
import type { Connection, Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import {
  KEPT_HOURS_COLLECTION,
  recordedHour,
  StageDayCounts,
  stampRecordedHours,
} from '../stage-history/stage-day-counts';
import { type StageMoveDocument, STAGE_MOVE_MODEL } from './stage-move.schema';

@Injectable()
export class StageMovesRepository implements OnModuleInit {
  /** moves per stage and day, for the stage trend */
  private readonly perDay: StageDayCounts;
  private readonly keptHours;

  constructor(
    @InjectModel(STAGE_MOVE_MODEL) private readonly moves: Model<StageMoveDocument>,
    private readonly ids: SequentialIds,
    @InjectConnection() connection: Connection,
  ) {
    this.keptHours = connection.collection(KEPT_HOURS_COLLECTION);
    this.perDay = new StageDayCounts('stage_moves', moves.collection, this.keptHours);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.moves.init(), this.perDay.createIndexes()]);
    await stampRecordedHours('stage_moves', this.moves.collection, this.keptHours, 'moved_at');
  }

  /** Records the move unless the same step recorded it already; returns the stored record. */
  async recordOnce(
    move: Omit<StageMoveDocument, 'id' | 'recorded_hour'>,
    now = new Date(),
  ): Promise<StageMoveDocument> {
    const { record } = await insertOnce<StageMoveDocument>(this.ids, this.moves, 'stage_moves', {
      ...move,
      recorded_hour: recordedHour(now),
    });
    const { recorded_hour: _day, ...served } = withoutMongoId(record);
    return served;
  }

  forLead(leadId: number): Promise<StageMoveDocument[]> {
    return this.moves
      .find({ lead_id: leadId }, { _id: 0, recorded_hour: 0 })
      .sort({ moved_at: -1, id: -1 })
      .lean<StageMoveDocument[]>()
      .exec();
  }

  /** Moves into and out of each stage on each UTC day from `firstDay` to `lastDay` (day numbers). */
  flowsPerDay(firstDay: number, lastDay: number, now = new Date()): Promise<DayFlows[]> {
    return this.perDay.flows(firstDay, lastDay, now);
  }
}
