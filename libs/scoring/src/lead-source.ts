import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { ActivityRecord, LeadRecord } from '@leadflow/domain';

export type ScoredLead = LeadRecord & { id: number };

/** What a calculation writes onto the lead; `score_seq` is the calculation's number in the lead's history. */
export interface LeadScoreState {
  score: number;
  score_breakdown: Record<string, number>;
  qualification_stage: string;
  score_seq: number;
}

/**
 * What scoring needs from leads and activities. Leads are owned by the leads module; this port keeps the
 * scoring code independent of how they are stored.
 */
export abstract class LeadSource {
  abstract find(id: number): Promise<ScoredLead | null>;
  abstract activitiesOf(leadId: number): Promise<ActivityRecord[]>;
  /** Writes a calculation onto the lead unless a later one (higher score_seq) is there already. */
  abstract recordScore(leadId: number, state: LeadScoreState): Promise<void>;
  /** Ids of every lead, ascending: what `recalculate_all` works through. */
  abstract allIds(): Promise<number[]>;
  abstract count(): Promise<number>;
}

/** Reads the `leads` and `activities` collections of the leads module. */
@Injectable()
export class MongoLeadSource extends LeadSource {
  constructor(@InjectConnection() private readonly connection: Connection) {
    super();
  }

  private get leads() {
    return this.connection.collection<ScoredLead>('leads');
  }

  async find(id: number): Promise<ScoredLead | null> {
    return this.leads.findOne({ id }, { projection: { _id: 0 } });
  }

  async activitiesOf(leadId: number): Promise<ActivityRecord[]> {
    return this.connection
      .collection<ActivityRecord & { lead_id: number }>('activities')
      .find({ lead_id: leadId }, { projection: { _id: 0, type: 1, occurred_at: 1 } })
      .toArray();
  }

  async recordScore(leadId: number, state: LeadScoreState): Promise<void> {
    await this.leads.updateOne(
      { id: leadId, $or: [{ score_seq: { $lt: state.score_seq } }, { score_seq: { $exists: false } }] },
      { $set: { ...state } },
    );
  }

  async allIds(): Promise<number[]> {
    const rows = await this.leads
      .find({}, { projection: { _id: 0, id: 1 } })
      .sort({ id: 1 })
      .toArray();
    return rows.map((row) => row.id);
  }

  count(): Promise<number> {
    return this.leads.countDocuments({});
  }
}
