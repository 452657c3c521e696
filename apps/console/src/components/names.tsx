import { Select, type SelectProps } from '@mantine/core';
import { useState } from 'react';
import { ApiError, query } from '../api/client';
import type { Lead, Page } from '../api/types';
import { Link } from '../app/router';
import { useApi } from '../app/use-api';

export const leadName = (lead: Lead) =>
  [lead.first_name, lead.last_name].filter(Boolean).join(' ') || lead.email || `lead ${lead.id}`;

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

/**
 * A workflow by the name the caller knows (an execution's, from the version it ran), linked to its editor
 * with its id on hover; once the workflow is deleted, named as such instead of a link that finds nothing.
 * Each workflow is read once and cached, however many rows name it.
 */
export function WorkflowName({ id, name }: { id: number; name?: string }) {
  const workflow = useApi<{ name: string }>(`/api/lead-qualification/workflows/${id}/`);
  const shown = name ?? workflow.data?.name ?? `workflow ${id}`;
  if (workflow.error instanceof ApiError && workflow.error.status === 404)
    return (
      <span>
        deleted workflow ‘{shown}’ (id {id})
      </span>
    );
  return (
    <Link to={`/lead_qualification/workflows/${id}/`} title={`workflow id ${id}`}>
      {shown}
    </Link>
  );
}

/**
 * A user (a lead's owner) by username, with the id on hover. The users list is read once for all of them;
 * a user it does not have (or a reader it does not answer) shows as "user N".
 */
export function UserName({ id }: { id: number }) {
  const users = useApi<Page<{ id: number; username: string }>>('/api/users/?page_size=500');
  const user = users.data?.results.find((candidate) => candidate.id === id);
  return <span title={`user id ${id}`}>{user ? user.username : `user ${id}`}</span>;
}

/** What a picker by name takes: its label, and the picked id as a string ('' for none) in and out. */
interface PickerProps {
  label: string;
  value: string;
  onChange: (id: string) => void;
}

/** A searchable, clearable Select over the given options, reporting the picked id ('' when cleared). */
function NamePicker({
  label,
  value,
  onChange,
  ...select
}: PickerProps & Omit<SelectProps, keyof PickerProps>) {
  return (
    <Select
      label={label}
      searchable
      clearable
      value={value || null}
      onChange={(id) => {
        onChange(id ?? '');
      }}
      {...select}
    />
  );
}

/** A typeahead over the leads list's `search`: the person types a name, email or company and picks one. */
export function LeadSelect(props: PickerProps) {
  const [search, setSearch] = useState('');
  const leads = useApi<Page<Lead>>(`/api/leads/${query({ search, page_size: 20 })}`);
  const options = (leads.data?.results ?? []).map((lead) => ({
    value: String(lead.id),
    label: `${leadName(lead)}${lead.company ? ` (${lead.company})` : ''}`,
  }));
  return (
    <NamePicker
      {...props}
      placeholder="Type a name, email or company"
      // the API filters; the options are its answer as they are
      filter={({ options: all }) => all}
      data={options}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={leads.loading ? 'Searching…' : 'No lead matches'}
    />
  );
}

/** LeadSelect for a form that holds the picked lead's id as a number (undefined: none picked). */
export function LeadIdSelect({
  label = 'Lead',
  value,
  onChange,
}: {
  label?: string;
  value: number | undefined;
  onChange: (id: number | undefined) => void;
}) {
  return (
    <LeadSelect
      label={label}
      value={value === undefined ? '' : String(value)}
      onChange={(picked) => {
        onChange(picked ? Number(picked) : undefined);
      }}
    />
  );
}

/** A workflow picked by name from the (short) list of workflows. */
export function WorkflowSelect(props: PickerProps) {
  const workflows = useApi<Page<{ id: number; name: string }>>(
    '/api/lead-qualification/workflows/?page_size=200',
  );
  return (
    <NamePicker
      {...props}
      placeholder="Any workflow"
      data={(workflows.data?.results ?? []).map((workflow) => ({
        value: String(workflow.id),
        label: workflow.name,
      }))}
      nothingFoundMessage="No workflow matches"
    />
  );
}
