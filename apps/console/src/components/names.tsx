import { Select } from '@mantine/core';
import { useState } from 'react';
import { ApiError, query } from '../api/client';
import type { Lead, Page } from '../api/types';
import { Link } from '../app/router';
import { useApi } from '../app/use-api';
import { leadName } from './LeadPicker';

/**
 * A lead shown by its name, linked to its page, with its id on hover. Each lead is read once and cached
 * (TanStack Query), however many rows name it.
 */
export function LeadName({ id }: { id: number }) {
  const lead = useApi<Lead>(`/api/leads/${id}/`);
  if (lead.error instanceof ApiError && lead.error.status === 404) return <span>deleted lead (id {id})</span>;
  return (
    <Link to={`/leads/${id}/`} title={`lead id ${id}`}>
      {lead.data ? leadName(lead.data) : `lead ${id}`}
    </Link>
  );
}

/** A typeahead over the leads list's `search`: the person types a name, email or company and picks one. */
export function LeadSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
}) {
  const [search, setSearch] = useState('');
  const leads = useApi<Page<Lead>>(`/api/leads/${query({ search, page_size: 20 })}`);
  const options = (leads.data?.results ?? []).map((lead) => ({
    value: String(lead.id),
    label: `${leadName(lead)}${lead.company ? ` (${lead.company})` : ''}`,
  }));
  return (
    <Select
      label={label}
      placeholder="Type a name, email or company"
      searchable
      clearable
      // the API filters; the options are its answer as they are
      filter={({ options: all }) => all}
      data={options}
      value={value || null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        onChange(id ?? '');
      }}
      nothingFoundMessage={leads.loading ? 'Searching…' : 'No lead matches'}
    />
  );
}

/** A workflow picked by name from the (short) list of workflows. */
export function WorkflowSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
}) {
  const workflows = useApi<Page<{ id: number; name: string }>>(
    '/api/lead-qualification/workflows/?page_size=200',
  );
  return (
    <Select
      label={label}
      placeholder="Any workflow"
      searchable
      clearable
      data={(workflows.data?.results ?? []).map((workflow) => ({
        value: String(workflow.id),
        label: workflow.name,
      }))}
      value={value || null}
      onChange={(id) => {
        onChange(id ?? '');
      }}
      nothingFoundMessage="No workflow matches"
    />
  );
}
