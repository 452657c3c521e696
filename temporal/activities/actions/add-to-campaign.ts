import type { CampaignMembershipsRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

export function addToCampaign(deps: {
  campaigns: Pick<CampaignMembershipsRepository, 'add'>;
}): ActionHandler<'add_to_campaign'> {
  return async (config, { request, lead, now }) => {
    const raw: unknown = config.campaign;
    const campaign = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : '';
    if (campaign === '') throw validationError('add_to_campaign: campaign must be a name or a number');
    // Membership is unique per (campaign, lead): adding twice, by a redo or by another workflow, is a no-op.
    const { added } = await deps.campaigns.add({
      campaign,
      lead_id: lead.id,
      added_by_workflow_id: request.workflow_id,
      added_at: now,
    });
    return added ? `added to campaign ${campaign}` : `already in campaign ${campaign}`;
  };
}
