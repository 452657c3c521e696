import { useState } from 'react';
import { query } from '../../api/client';
import type { Execution, Page } from '../../api/types';
import { Link } from '../../app/router';
import { useApi } from '../../app/use-api';
import { Field, formatDate, Loading, PageHeader, StatusBadge } from '../../components/ui';

const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'timed_out'];

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
          <table>
            <caption>{page.count} executions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Execution</th>
                <th scope="col">Workflow</th>
                <th scope="col">Lead</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {page.results.map((execution) => (
                <tr key={execution.id}>
                  <td>
                    <Link to={`/lead_qualification/executions/${execution.id}/`}>#{execution.id}</Link>
                  </td>
                  <td>
                    <Link to={`/lead_qualification/workflows/${execution.workflow_definition_id}/`}>
                      {execution.workflow_name ?? execution.workflow_definition_id}
                    </Link>
                  </td>
                  <td>
                    <Link to={`/leads/${execution.lead_id}/`}>{execution.lead_id}</Link>
                  </td>
                  <td>
                    <StatusBadge status={execution.status} />
                  </td>
                  <td>{formatDate(execution.started_at)}</td>
                  <td>{formatDate(execution.finished_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loading>
    </>
  );
}
