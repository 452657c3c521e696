import { useState } from 'react';
import { query } from '../../api/client';
import type { Execution, Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { type Column, DataTable } from '../../components/DataTable';
import { executionColumns as col, executionKey } from '../../components/execution-columns';
import { Field, Loading, PageHeader } from '../../components/ui';

const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];

/** Unlike the dashboard's, this list links the workflow too: it is where one goes from a run to its definition. */
const WORKFLOW_LINK: Column<Execution> = {
  header: 'Workflow',
  cell: (execution) => (
    <Link to={`/lead_qualification/workflows/${execution.workflow_definition_id}/`}>
      {col.workflow.cell(execution)}
    </Link>
  ),
};
const COLUMNS = [col.execution, WORKFLOW_LINK, col.lead, col.status, col.started, col.finished];

/** Workflow executions with the API's filters: workflow, lead, status and a time window. */
export function ExecutionsPage() {
  const [workflow, setWorkflow] = useState('');
  const [lead, setLead] = useState('');
  const [status, setStatus] = useState('');
  const [after, setAfter] = useState('');
  const executions = useApi<Page<Execution>>(
    `/api/lead-qualification/workflow-executions/${query({
      workflow,
      lead,
      status,
      started_after: after ? new Date(after).toISOString() : undefined,
      page_size: 100,
    })}`,
  );
  return (
    <>
      <PageHeader title="Workflow executions" />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Workflow id">
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              value={workflow}
              onChange={(e) => setWorkflow(e.target.value.trim())}
            />
          )}
        </Field>
        <Field label="Lead id">
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              value={lead}
              onChange={(e) => setLead(e.target.value.trim())}
            />
          )}
        </Field>
        <Field label="Status">
          {(props) => (
            <select {...props} value={status} onChange={(e) => setStatus(e.target.value)}>
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
              value={after}
              onChange={(e) => setAfter(e.target.value)}
            />
          )}
        </Field>
      </form>
      <Loading state={executions}>
        {(page) => (
          <DataTable
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
