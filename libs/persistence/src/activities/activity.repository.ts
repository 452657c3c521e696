import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { type ActivityDocument, ACTIVITY_MODEL } from './activity.schema';

/** Newest first, as allForLead sorts: by occurrence, then by id. */
function newestFirst(a: ActivityDocument, b: ActivityDocument): number {
  return b.occurred_at.getTime() - a.occurred_at.getTime() || b.id - a.id;
}

/**
 * Rows grouped by the leads asked for (a lead without activities maps to [], rows of other leads are left
 * out), each lead's newest first. Sorted here: the server would sort every row in memory anyway.
 */
function groupByLead(
  leadIds: readonly number[],
  rows: readonly ActivityDocument[],
): Map<number, ActivityDocument[]> {
  const byLead = new Map<number, ActivityDocument[]>(leadIds.map((id) => [id, []]));
  for (const row of rows) byLead.get(row.lead_id)?.push(row);
  for (const activities of byLead.values()) activities.sort(newestFirst);
  return byLead;
}

export type NewActivity = Pick<ActivityDocument, 'lead_id' | 'type' | 'occurred_at' | 'metadata'>;

@Injectable()
export class ActivitiesRepository implements OnModuleInit {
  constructor(
    @InjectModel(ACTIVITY_MODEL) private readonly activities: Model<ActivityDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.activities.init();
  }

  async create(activity: NewActivity): Promise<ActivityDocument> {
    const { _id: _ignored, ...created } = await this.ids.insert<ActivityDocument & { _id?: unknown }>(
      this.activities,
      'activities',
      activity as Omit<ActivityDocument, 'id'>,
    );
    return created;
  }

  /** One page of a lead's activities, newest first. */
  async listForLead(
    leadId: number,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: ActivityDocument[] }> {
    const [count, results] = await Promise.all([
      this.activities.countDocuments({ lead_id: leadId }),
      this.activities
        .find({ lead_id: leadId }, { _id: 0 })
        .sort({ occurred_at: -1, id: -1 })
        .skip(skip)
        .limit(limit)
        .lean<ActivityDocument[]>(),
    ]);
    return { count, results };
  }

  /** Every activity of a lead, newest first: the input of its computed scoring facts. */
  async allForLead(leadId: number): Promise<ActivityDocument[]> {
    return this.activities
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ occurred_at: -1, id: -1 })
      .lean<ActivityDocument[]>();
  }

  /** Every activity of several leads, grouped by lead id (leads without activities map to []). */
  async allForLeads(leadIds: readonly number[]): Promise<Map<number, ActivityDocument[]>> {
    const rows = await this.activities
      .find({ lead_id: { $in: [...leadIds] } }, { _id: 0 })
      .lean<ActivityDocument[]>();
    return groupByLead(leadIds, rows);
  }

  /**
   * Every activity of the leads whose ids lie in [fromId, toId], grouped by lead id like allForLeads: a bulk
   * run's chunk is such a range, and a range is two comparisons per document where a long $in list is a
   * search of the list (FerretDB matches every document again after its index scan).
   */
  async allForLeadRange(
    leadIds: readonly number[],
    fromId: number,
    toId: number,
  ): Promise<Map<number, ActivityDocument[]>> {
    const rows = await this.activities
      .find({ lead_id: { $gte: fromId, $lte: toId } }, { _id: 0 })
      .lean<ActivityDocument[]>();
    return groupByLead(leadIds, rows);
  }

  async deleteForLead(leadId: number): Promise<number> {
    return (await this.activities.deleteMany({ lead_id: leadId })).deletedCount;
  }
}
