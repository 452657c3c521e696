import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { STAGE_CHANGE_MODEL, type StageChangeRecord } from './stage-change.schema';

@Injectable()
export class StageHistoryRepository {
  constructor(
    @InjectModel(STAGE_CHANGE_MODEL) private readonly changes: Model<StageChangeRecord>,
    private readonly ids: SequentialIds,
  ) {}

  record(fields: Omit<StageChangeRecord, 'id'>): Promise<StageChangeRecord> {
    return this.ids.insert<StageChangeRecord>(this.changes, 'stage_changes', fields);
  }

  /**
   * Records many stage changes in one insert (a bulk run's chunk). With `skipRecorded`, changes whose
   * calculation (`lead_score_id`) has one already are left out, for a chunk done a second time.
   */
  async recordMany(changes: readonly Omit<StageChangeRecord, 'id'>[], skipRecorded: boolean): Promise<void> {
    let fresh = changes;
    if (skipRecorded && changes.length > 0) {
      const recorded = await this.changes
        .find(
          { lead_score_id: { $in: changes.map((change) => change.lead_score_id) } },
          { _id: 0, lead_score_id: 1 },
        )
        .lean<Pick<StageChangeRecord, 'lead_score_id'>[]>()
        .exec();
      const done = new Set(recorded.map((row) => row.lead_score_id));
      fresh = changes.filter((change) => !done.has(change.lead_score_id));
    }
    if (fresh.length > 0) await this.ids.insertMany(this.changes.collection, 'stage_changes', fresh);
  }

  forLead(leadId: number): Promise<StageChangeRecord[]> {
    return this.changes
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ changed_at: -1, id: -1 })
      .lean<StageChangeRecord[]>()
      .exec();
  }
}
