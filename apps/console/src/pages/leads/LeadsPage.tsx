import { useState } from 'react';
import { query } from '../../api/client';
import type { Lead, Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { leadName } from '../../components/LeadPicker';
import { type Column, DataTable } from '../../components/DataTable';
import { Field, Loading, PageHeader, SearchField } from '../../components/ui';

const PAGE_SIZE = 50;

const COLUMNS: Column<Lead>[] = [
  { header: 'Lead', cell: (lead) => <Link to={`/leads/${lead.id}/`}>{leadName(lead)}</Link> },
  { header: 'Company', cell: (lead) => lead.company ?? '—' },
  { header: 'Score', cell: (lead) => lead.score },
  { header: 'Stage', cell: (lead) => lead.qualification_stage },
  { header: 'Grade', cell: (lead) => lead.grade ?? '—' },
  { header: 'Outcome', cell: (lead) => lead.outcome ?? 'open' },
  { header: 'Status', cell: (lead) => lead.status },
  { header: 'Owner', cell: (lead) => lead.owner_id ?? '—' },
];

/** Leads with their score, stage and owner; search, stage filter and pages. */
export function LeadsPage() {
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState('');
  const [page, setPage] = useState(1);
  const leads = useApi<Page<Lead>>(
    `/api/leads/${query({ search, qualification_stage: stage, ordering: '-score', page, page_size: PAGE_SIZE })}`,
  );
  return (
    <>
      <PageHeader title="Leads" />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <SearchField
          label="Search leads"
          value={search}
          onChange={(text) => {
            setSearch(text);
            setPage(1);
          }}
        />
        <Field label="Stage">
          {(props) => (
            <input
              {...props}
              value={stage}
              placeholder="e.g. mql"
              onChange={(e) => {
                setStage(e.target.value.trim());
                setPage(1);
              }}
            />
          )}
        </Field>
      </form>
      <Loading state={leads}>
        {(found) => (
          <>
            <DataTable
              caption={`${found.count} leads, highest score first`}
              columns={COLUMNS}
              rows={found.results}
              rowKey={(lead) => lead.id}
            />
            <nav aria-label="Pages" className="actions">
              <button
                type="button"
                className="secondary"
                disabled={!found.previous}
                onClick={() => {
                  setPage(page - 1);
                }}
              >
                Previous page
              </button>
              <span>Page {page}</span>
              <button
                type="button"
                className="secondary"
                disabled={!found.next}
                onClick={() => {
                  setPage(page + 1);
                }}
              >
                Next page
              </button>
            </nav>
          </>
        )}
      </Loading>
    </>
  );
}
