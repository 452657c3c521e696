import { useState } from 'react';
import { query } from '../api/client';
import type { Lead, Page } from '../api/types';
import { useApi } from '../app/use-api';
import { Field, SearchField } from './ui';

export const leadName = (lead: Lead) =>
  [lead.first_name, lead.last_name].filter(Boolean).join(' ') || lead.email || `lead ${lead.id}`;

/** Search leads by name, email or company and pick one. */
export function LeadPicker({
  value,
  onChange,
  label = 'Lead',
}: {
  value: number | undefined;
  onChange: (id: number | undefined) => void;
  label?: string;
}) {
  const [search, setSearch] = useState('');
  const leads = useApi<Page<Lead>>(`/api/leads/${query({ search, page_size: 50 })}`);
  return (
    <div className="lead-picker">
      <SearchField label={`Search ${label.toLowerCase()}s`} value={search} onChange={setSearch} />
      <Field label={label}>
        {(props) => (
          <select
            {...props}
            value={value ?? ''}
            onChange={(e) => {
              onChange(e.target.value ? Number(e.target.value) : undefined);
            }}
          >
            <option value="">Choose a lead…</option>
            {(leads.data?.results ?? []).map((lead) => (
              <option key={lead.id} value={lead.id}>
                #{lead.id} {leadName(lead)} {lead.company ? `(${lead.company})` : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
