import { useState } from 'react';
import type { Execution, Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ApiTable } from '../../components/ApiTable';
import { executionColumns as col, executionKey } from '../../components/execution-columns';
import { LeadSelect, WorkflowSelect } from '../../components/names';
import { Field, Loading, PageHeader } from '../../components/ui';
import { type ExecutionFilters, executionsListPath, NO_EXECUTION_FILTERS } from './execution-filters';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];

const COLUMNS = [col.execution, col.workflow, col.lead, col.status, col.started, col.finished];

/** Workflow executions with the API's filters: workflow, lead, status and a time window. */
export function ExecutionsPage() {
  const [filters, setFilters] = useState<ExecutionFilters>(NO_EXECUTION_FILTERS);
  const set = (field: keyof ExecutionFilters) => (value: string) => {
    setFilters((current) => ({ ...current, [field]: value }));
  };
  const executions = useApi<Page<Execution>>(executionsListPath(filters));
  return (
    <>
      <PageHeader title="Workflow executions" />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <WorkflowSelect label="Workflow" value={filters.workflow} onChange={set('workflow')} />
        <LeadSelect label="Lead" value={filters.lead} onChange={set('lead')} />
        <Field label="Status">
          {(props) => (
            <select
              {...props}
              value={filters.status}
              onChange={(e) => {
                set('status')(e.target.value);
              }}
            >
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Started after">
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={filters.startedAfter}
              onChange={(e) => {
                set('startedAfter')(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label="Started before">
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={filters.startedBefore}
              onChange={(e) => {
                set('startedBefore')(e.target.value);
              }}
            />
          )}
        </Field>
      </form>
      <Loading state={executions}>
        {(page) => (
          <ApiTable
            caption={`${page.count} executions, newest first`}
            columns={COLUMNS}
            rows={page.results}
            rowKey={executionKey}
          />
        )}
      </Loading>
    </>
  );
}
