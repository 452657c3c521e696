import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { type CampaignMembershipDocument, CAMPAIGN_MEMBERSHIP_MODEL } from './campaign-membership.schema';

@Injectable()
export class CampaignMembershipsRepository implements OnModuleInit {
  constructor(
    @InjectModel(CAMPAIGN_MEMBERSHIP_MODEL) private readonly memberships: Model<CampaignMembershipDocument>,
  ) {}

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

  /** One page of members of a campaign, in the order they joined. */
  async memberPage(
    campaign: string,
    window: { skip: number; limit: number },
  ): Promise<{ count: number; results: CampaignMembershipDocument[] }> {
    const [count, results] = await Promise.all([
      this.memberships.countDocuments({ campaign }),
      this.memberships
        .find({ campaign }, { _id: 0 })
        .sort({ added_at: 1, lead_id: 1 })
        .skip(window.skip)
        .limit(window.limit)
        .lean<CampaignMembershipDocument[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /**
   * One page of campaigns by name with their member counts. The $group has one accumulator, because
   * FerretDB computes only the first (test/integration/mongo-compat.test.ts); the total is a distinct.
   */
  async campaigns(window: {
    skip: number;
    limit: number;
  }): Promise<{ count: number; results: { campaign: string; members: number }[] }> {
    const [names, groups] = await Promise.all([
      this.memberships.distinct('campaign'),
      this.memberships
        .aggregate<{ _id: string; members: number }>([
          { $group: { _id: '$campaign', members: { $sum: 1 } } },
          { $sort: { _id: 1 } },
          { $skip: window.skip },
          { $limit: window.limit },
        ])
        .exec(),
    ]);
    return {
      count: names.length,
      results: groups.map((group) => ({ campaign: group._id, members: group.members })),
    };
  }

  campaignsOf(leadId: number): Promise<CampaignMembershipDocument[]> {
    return this.memberships
      .find({ lead_id: leadId }, { _id: 0 })
      .sort({ campaign: 1 })
      .lean<CampaignMembershipDocument[]>()
      .exec();
  }
}
