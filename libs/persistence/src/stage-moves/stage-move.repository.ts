import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { insertOnce, withoutMongoId } from '../insert-once';
import { SequentialIds } from '../sequential-ids';
import { type StageMoveDocument, stageMoveSchema } from './stage-move.schema';

@Injectable()
export class StageMovesRepository implements OnModuleInit {
  private readonly moves: Model<StageMoveDocument>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.moves = connection.model<StageMoveDocument>('StageMove', stageMoveSchema, 'stage_moves', {
      overwriteModels: true,
    });
    this.ids = new SequentialIds(connection);
  }

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
