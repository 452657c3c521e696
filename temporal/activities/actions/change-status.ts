import type { LeadsRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

export function changeStatus(deps: {
  leads: Pick<LeadsRepository, 'update'>;
}): ActionHandler<'change_status'> {
  return async (config, { lead }) => {
    const status = typeof config.status === 'string' ? config.status.trim() : '';
    if (status === '') throw validationError('change_status: status must be a non-empty string');
    // A plain set: doing it again (a redone step) leaves the same state.
    await deps.leads.update(lead.id, { status });
    return `status changed from ${lead.status} to ${status}`;
  };
}
