import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type StageMoveDocument, STAGE_MOVE_MODEL } from './stage-move.schema';

@Injectable()
export class StageMovesRepository implements OnModuleInit {
  constructor(
    @InjectModel(STAGE_MOVE_MODEL) private readonly moves: Model<StageMoveDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.moves.init();
  }

  /** Records the move unless the same step recorded it already; returns the stored record. */
  async recordOnce(move: Omit<StageMoveDocument, 'id'>): Promise<StageMoveDocument> {
    const { record } = await insertOnce<StageMoveDocument>(this.ids, this.moves, 'stage_moves', move);
    return withoutMongoId(record);
  }

  forLead(leadId: number): Promise<StageMoveDocument[]> {
    return this.moves
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ moved_at: -1, id: -1 })
      .lean<StageMoveDocument[]>()
      .exec();
  }
}
