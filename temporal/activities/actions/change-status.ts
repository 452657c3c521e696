import { isOutcome } from '@leadflow/domain';
import type { LeadsRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

export function changeStatus(deps: {
  leads: Pick<LeadsRepository, 'update' | 'recordOutcome'>;
}): ActionHandler<'change_status'> {
  return async (config, { lead, now }) => {
    const status = typeof config.status === 'string' ? config.status.trim() : '';
    if (status === '') throw validationError('change_status: status must be a non-empty string');
    // A plain set: doing it again (a redone step) leaves the same state.
    await deps.leads.update(lead.id, { status });
    // The statuses won and lost are the lead's outcome too; a redone step finds it set and records nothing.
    const outcome = status.toLowerCase();
    if (isOutcome(outcome) && lead.outcome !== outcome) {
      await deps.leads.recordOutcome(
        lead.id,
        { outcome, outcome_at: now, amount: null, reason: null },
        'action',
        null,
        now,
      );
      return `status changed from ${lead.status} to ${status}; outcome ${outcome}`;
    }
    return `status changed from ${lead.status} to ${status}`;
  };
}
