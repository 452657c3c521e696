import { Schema } from 'mongoose';

/** A lead in a campaign. A lead is in a campaign once, however often a workflow adds it. */
export interface CampaignMembershipDocument {
  /** the campaign's name (the DSL's `campaign`, numbers kept as their decimal text) */
  campaign: string;
  lead_id: number;
  added_by_workflow_id: string | null;
  added_at: Date;
}

export const CAMPAIGN_MEMBERSHIP_MODEL = 'CampaignMembership';

export const campaignMembershipSchema = new Schema<CampaignMembershipDocument>(
  {
    campaign: { type: String, required: true },
    lead_id: { type: Number, required: true },
    added_by_workflow_id: { type: String, default: null },
    added_at: { type: Date, required: true },
  },
  { versionKey: false },
);

campaignMembershipSchema.index({ campaign: 1, lead_id: 1 }, { unique: true });
campaignMembershipSchema.index({ lead_id: 1 });
