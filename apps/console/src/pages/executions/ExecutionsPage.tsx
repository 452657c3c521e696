import { Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Execution, Page } from '../../api/types';
import { useApi } from '../../app/use-api';
import { ApiTable } from '../../components/ApiTable';
import { executionColumns as col, executionKey } from '../../components/execution-columns';
import { LeadSelect, WorkflowSelect } from '../../components/names';
import { Loading, PageHeader } from '../../components/ui';
import { type ExecutionFilters, executionsListPath, NO_EXECUTION_FILTERS } from './execution-filters';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed_out'];
const PAGE_SIZE = 50;

const COLUMNS = [col.execution, col.workflow, col.lead, col.status, col.started, col.finished];

/** Workflow executions with the API's filters (workflow, lead, status, a time window) and pages. */
export function ExecutionsPage() {
  const [filters, setFilters] = useState<ExecutionFilters>(NO_EXECUTION_FILTERS);
  const [page, setPage] = useState(1);
  // any filter change starts again at the first page
  const set = (field: keyof ExecutionFilters) => (value: string | null) => {
    setFilters((current) => ({ ...current, [field]: value ?? '' }));
    setPage(1);
  };
  const executions = useApi<Page<Execution>>(executionsListPath(filters, page, PAGE_SIZE));
  return (
    <>
      <PageHeader title="Workflow executions" />
      <Group
        component="form"
        role="search"
        align="end"
        mb="md"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <WorkflowSelect label="Workflow" value={filters.workflow} onChange={set('workflow')} />
        <LeadSelect label="Lead" value={filters.lead} onChange={set('lead')} />
        <Select
          label="Status"
          placeholder="All"
          clearable
          data={STATUSES}
          value={filters.status || null}
          onChange={set('status')}
        />
        <TextInput
          label="Started after"
          type="datetime-local"
          value={filters.startedAfter}
          onChange={(e) => {
            set('startedAfter')(e.currentTarget.value);
          }}
        />
        <TextInput
          label="Started before"
          type="datetime-local"
          value={filters.startedBefore}
          onChange={(e) => {
            set('startedBefore')(e.currentTarget.value);
          }}
        />
      </Group>
      <Loading state={executions}>
        {(found) => (
          <ApiTable
            caption={`${found.count} executions, newest first`}
            columns={COLUMNS}
            rows={found.results}
            rowKey={executionKey}
            pages={{ page, count: found.count, pageSize: PAGE_SIZE, onPage: setPage }}
          />
        )}
      </Loading>
    </>
  );
}
