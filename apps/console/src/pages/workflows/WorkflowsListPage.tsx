import { Button } from '@mantine/core';
import { useState } from 'react';
import { query } from '../../api/client';
import type { Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { type Column, ApiTable } from '../../components/ApiTable';
import { Loading, PageHeader } from '../../components/ui';

interface WorkflowSummary {
  id: number;
  name: string;
  trigger_type: string;
  priority?: number;
  is_active?: boolean;
  version: number;
  steps?: unknown[];
}

const COLUMNS: Column<WorkflowSummary>[] = [
  {
    header: 'Name',
    cell: (workflow) => <Link to={`/lead_qualification/workflows/${workflow.id}/`}>{workflow.name}</Link>,
  },
  { header: 'Trigger', cell: (workflow) => workflow.trigger_type },
  { header: 'Steps', cell: (workflow) => workflow.steps?.length ?? 1 },
  { header: 'Priority', cell: (workflow) => workflow.priority ?? '—' },
  { header: 'Active', cell: (workflow) => (workflow.is_active === false ? 'no' : 'yes') },
  { header: 'Version', cell: (workflow) => workflow.version },
];

const PAGE_SIZE = 50;

/** The workflows, highest priority first, a page at a time from the API. */
export function WorkflowsListPage({ canEdit }: { canEdit: boolean }) {
  const [page, setPage] = useState(1);
  const workflows = useApi<Page<WorkflowSummary>>(
    `/api/lead-qualification/workflows/${query({ page, page_size: PAGE_SIZE })}`,
  );
  return (
    <>
      <PageHeader
        title="Workflows"
        actions={
          canEdit && (
            <Button component={Link} to="/lead_qualification/workflows/add/">
              Add workflow
            </Button>
          )
        }
      />
      <Loading state={workflows}>
        {(found) => (
          <ApiTable
            caption={`${found.count} workflows, highest priority first`}
            columns={COLUMNS}
            rows={found.results}
            rowKey={(workflow) => workflow.id}
            pages={{ page, count: found.count, pageSize: PAGE_SIZE, onPage: setPage }}
          />
        )}
      </Loading>
    </>
  );
}
