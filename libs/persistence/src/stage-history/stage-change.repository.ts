import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { STAGE_CHANGE_MODEL, type StageChangeRecord } from './stage-change.schema';

@Injectable()
export class StageHistoryRepository {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(STAGE_CHANGE_MODEL) private readonly changes: Model<StageChangeRecord>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  record(fields: Omit<StageChangeRecord, 'id'>): Promise<StageChangeRecord> {
    return this.ids.insert<StageChangeRecord>(this.changes, 'stage_changes', fields);
  }

  forLead(leadId: number): Promise<StageChangeRecord[]> {
    return this.changes
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ changed_at: -1, id: -1 })
      .lean<StageChangeRecord[]>()
      .exec();
  }
}
