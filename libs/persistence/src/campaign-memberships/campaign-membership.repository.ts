import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { type CampaignMembershipDocument, campaignMembershipSchema } from './campaign-membership.schema';

@Injectable()
export class CampaignMembershipsRepository implements OnModuleInit {
  private readonly memberships: Model<CampaignMembershipDocument>;

  constructor(@InjectConnection() connection: Connection) {
    this.memberships = connection.model<CampaignMembershipDocument>(
      'CampaignMembership',
      campaignMembershipSchema,
      'campaign_memberships',
      { overwriteModels: true },
    );
  }

  async onModuleInit(): Promise<void> {
    await this.memberships.init();
  }

  /** Adds the lead to the campaign; `added` is false when it was a member already (the unique index says). */
  async add(membership: CampaignMembershipDocument): Promise<{ added: boolean }> {
    try {
      await this.memberships.create(membership);
      return { added: true };
    } catch (error) {
      if (isDuplicateKeyError(error)) return { added: false };
      throw error;
    }
  }

  members(campaign: string): Promise<CampaignMembershipDocument[]> {
    return this.memberships
      .find({ campaign }, { _id: 0 })
      .sort({ added_at: 1, lead_id: 1 })
      .lean<CampaignMembershipDocument[]>()
      .exec();
  }

  campaignsOf(leadId: number): Promise<CampaignMembershipDocument[]> {
    return this.memberships
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ campaign: 1 })
      .lean<CampaignMembershipDocument[]>()
      .exec();
  }
}
