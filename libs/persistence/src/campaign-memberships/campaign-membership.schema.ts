import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A lead in a campaign. A lead is in a campaign once, however often a workflow adds it. */
@Schema({ versionKey: false })
export class CampaignMembershipDocument {
  /** the campaign's name (the DSL's `campaign`, numbers kept as their decimal text) */
  @Prop({ type: String, required: true })
  campaign!: string;

  @Prop({ type: Number, required: true })
  lead_id!: number;

  @Prop({ type: String, default: null })
  added_by_workflow_id!: string | null;

  @Prop({ type: Date, required: true })
  added_at!: Date;
}

export const CAMPAIGN_MEMBERSHIP_MODEL = 'CampaignMembership';

export const campaignMembershipSchema = SchemaFactory.createForClass(CampaignMembershipDocument);

campaignMembershipSchema.index({ campaign: 1, lead_id: 1 }, { unique: true });
campaignMembershipSchema.index({ lead_id: 1 });
