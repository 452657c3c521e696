import { isOutcome, NO_OUTCOME } from '@leadflow/domain';
import type { ScalarConfigValue } from '@leadflow/dsl';
import type { LeadsRepository } from '@leadflow/persistence';
import { validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';

type FieldKind = 'string' | 'nullable_string' | 'string_or_number';

/**
 * The lead fields a workflow may set, with the values each takes. Everything else is refused: the id and
 * timestamps, the score state (written by scoring only), owner_id (assign_owner checks the user exists) and
 * the list/map fields a scalar cannot fill. `custom_fields.<name>` sets one custom field.
 */
const WRITABLE_FIELDS: Readonly<Record<string, FieldKind>> = {
  first_name: 'nullable_string',
  last_name: 'nullable_string',
  email: 'nullable_string',
  phone: 'nullable_string',
  company: 'nullable_string',
  title: 'nullable_string',
  industry: 'nullable_string',
  source: 'nullable_string',
  job_level: 'nullable_string',
  status: 'string',
  company_size: 'string_or_number',
  company_revenue: 'string_or_number',
};

const CUSTOM_FIELD = /^custom_fields\.([a-z][a-z0-9_]{0,63})$/;

function fits(kind: FieldKind, value: ScalarConfigValue): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '';
    case 'nullable_string':
      return value === null || typeof value === 'string';
    case 'string_or_number':
      return value === null || typeof value === 'string' || typeof value === 'number';
  }
}

export function updateField(deps: {
  leads: Pick<LeadsRepository, 'update' | 'recordOutcome'>;
}): ActionHandler<'update_field'> {
  return async (config, { lead, now }) => {
    const { field, value } = config;
    if (field === 'outcome') {
      // Not a plain field: the outcome keeps its history, and setting the one the lead has records nothing.
      if (value !== null && !isOutcome(value)) {
        throw validationError(
          `update_field: outcome takes "won", "lost" or null, not ${JSON.stringify(value)}`,
        );
      }
      if (lead.outcome === value) return `outcome already ${JSON.stringify(value)}`;
      const outcome = value === null ? NO_OUTCOME : { ...NO_OUTCOME, outcome: value, outcome_at: now };
      await deps.leads.recordOutcome(lead.id, outcome, 'action', null, now);
      return `outcome set to ${JSON.stringify(value)}`;
    }
    const custom = typeof field === 'string' ? CUSTOM_FIELD.exec(field) : null;
    if (custom) {
      // Whole-map write: a concurrent change to another custom field of the same lead can be lost, which a
      // workflow step accepts for the sake of a plain $set on any MongoDB-wire server.
      const custom_fields = { ...lead.custom_fields, [custom[1]!]: value };
      await deps.leads.update(lead.id, { custom_fields });
      return `${field} set to ${JSON.stringify(value)}`;
    }
    const kind = typeof field === 'string' ? WRITABLE_FIELDS[field] : undefined;
    if (kind === undefined) {
      throw validationError(`update_field: field ${JSON.stringify(field)} may not be set by a workflow`);
    }
    if (!fits(kind, value)) {
      throw validationError(`update_field: ${field} does not take ${JSON.stringify(value)}`);
    }
    await deps.leads.update(lead.id, { [field]: value });
    return `${field} set to ${JSON.stringify(value)}`;
  };
}
