import { useState } from 'react';
import { query } from '../../api/client';
import type { Lead, Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { leadName } from '../../components/LeadPicker';
import { Field, Loading, PageHeader } from '../../components/ui';

const PAGE_SIZE = 50;

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
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search leads">
          {(props) => (
            <input
              {...props}
              type="search"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          )}
        </Field>
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
            <table>
              <caption>{found.count} leads, highest score first</caption>
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">Company</th>
                  <th scope="col">Score</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Status</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {found.results.map((lead) => (
                  <tr key={lead.id}>
                    <td>
                      <Link to={`/leads/${lead.id}/`}>{leadName(lead)}</Link>
                    </td>
                    <td>{lead.company ?? '—'}</td>
                    <td>{lead.score}</td>
                    <td>{lead.qualification_stage}</td>
                    <td>{lead.status}</td>
                    <td>{lead.owner_id ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <nav aria-label="Pages" className="actions">
              <button
                type="button"
                className="secondary"
                disabled={!found.previous}
                onClick={() => setPage(page - 1)}
              >
                Previous page
              </button>
              <span>Page {page}</span>
              <button
                type="button"
                className="secondary"
                disabled={!found.next}
                onClick={() => setPage(page + 1)}
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
