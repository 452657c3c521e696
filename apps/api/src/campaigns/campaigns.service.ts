import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { CampaignMembershipsRepository } from '@leadflow/persistence';
import type { Page, PageWindow } from '../http/pagination';
import type { CampaignDto, CampaignMemberDto } from './dto/campaign.dto';

type Found<T> = Omit<Page<T>, 'next' | 'previous'>;

/** Campaigns exist through their members: add_to_campaign steps make both. */
@Injectable()
export class CampaignsService {
  constructor(private readonly memberships: CampaignMembershipsRepository) {}

  list(window: PageWindow): Promise<Found<CampaignDto>> {
    return this.memberships.campaigns({ skip: window.skip, limit: window.limit });
  }

  /** A campaign without members does not exist, so it is a 404 rather than an empty page. */
  async members(campaign: string, window: PageWindow): Promise<Found<CampaignMemberDto>> {
    const found = await this.memberships.memberPage(campaign, { skip: window.skip, limit: window.limit });
    if (found.count === 0) throw new DomainError(ErrorCode.NOT_FOUND, `Campaign ${campaign} does not exist`);
    return {
      count: found.count,
      results: found.results.map(({ lead_id, added_by_workflow_id, added_at }) => ({
        lead_id,
        added_by_workflow_id,
        added_at,
      })),
    };
  }
}
