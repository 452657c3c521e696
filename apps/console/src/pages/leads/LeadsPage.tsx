import { Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { query } from '../../api/client';
import type { Lead, Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { type Column, ApiTable } from '../../components/ApiTable';
import { leadName, UserName } from '../../components/names';
import { CRITERIA_LIST, stagesOf } from '../../components/stages';
import { Loading, PageHeader } from '../../components/ui';

const PAGE_SIZE = 50;

const COLUMNS: Column<Lead>[] = [
  {
    header: 'Lead',
    sortField: 'last_name',
    cell: (lead) => <Link to={`/leads/${lead.id}/`}>{leadName(lead)}</Link>,
  },
  { header: 'Company', sortField: 'company', cell: (lead) => lead.company ?? '—' },
  { header: 'Score', sortField: 'score', cell: (lead) => lead.score },
  { header: 'Stage', cell: (lead) => lead.qualification_stage },
  { header: 'Grade', cell: (lead) => lead.grade ?? '—' },
  { header: 'Outcome', cell: (lead) => lead.outcome ?? 'open' },
  { header: 'Status', cell: (lead) => lead.status },
  { header: 'Owner', cell: (lead) => (lead.owner_id === null ? '—' : <UserName id={lead.owner_id} />) },
];

/** Leads with their score, stage and owner; search, stage filter, ordering and pages, all by the API. */
export function LeadsPage() {
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState('');
  const [ordering, setOrdering] = useState('-score');
  const [page, setPage] = useState(1);
  const criteria = useApi<Page<{ stage: string; minimum_score: number }>>(CRITERIA_LIST);
  const stages = stagesOf(criteria.data?.results ?? []);
  const leads = useApi<Page<Lead>>(
    `/api/leads/${query({ search, qualification_stage: stage, ordering, page, page_size: PAGE_SIZE })}`,
  );
  return (
    <>
      <PageHeader title="Leads" />
      <Group
        component="form"
        role="search"
        align="end"
        mb="md"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <TextInput
          type="search"
          label="Search leads"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        <Select
          label="Stage"
          placeholder="Any stage"
          clearable
          data={stages}
          value={stage || null}
          onChange={(picked) => {
            setStage(picked ?? '');
            setPage(1);
          }}
        />
      </Group>
      <Loading state={leads}>
        {(found) => (
          <ApiTable
            caption={`${found.count} leads`}
            columns={COLUMNS}
            rows={found.results}
            rowKey={(lead) => lead.id}
            ordering={{
              ordering,
              onOrdering: (next) => {
                setOrdering(next);
                setPage(1);
              },
            }}
            pages={{ page, count: found.count, pageSize: PAGE_SIZE, onPage: setPage }}
          />
        )}
      </Loading>
    </>
  );
}
