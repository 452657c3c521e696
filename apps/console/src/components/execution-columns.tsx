import type { Execution } from '../api/types';
import { Link } from '../app/router';
import type { Column } from './ApiTable';
import { LeadName, WorkflowName } from './names';
import { formatDate, StatusBadge } from './ui';

/**
 * The columns every list of workflow executions shows (dashboard, lead page, executions page), so the link
 * targets and formatting stay the same wherever an execution appears.
 */
export const executionColumns = {
  execution: {
    header: 'Execution',
    cell: (execution) => <Link to={`/lead_qualification/executions/${execution.id}/`}>#{execution.id}</Link>,
  },
  workflow: {
    header: 'Workflow',
    cell: (execution) => (
      <WorkflowName id={execution.workflow_definition_id} name={execution.workflow_name} />
    ),
  },
  lead: {
    header: 'Lead',
    cell: (execution) => <LeadName id={execution.lead_id} />,
  },
  status: { header: 'Status', cell: (execution) => <StatusBadge status={execution.status} /> },
  started: { header: 'Started', cell: (execution) => formatDate(execution.started_at) },
  finished: { header: 'Finished', cell: (execution) => formatDate(execution.finished_at) },
} satisfies Record<string, Column<Execution>>;

export const executionKey = (execution: Execution) => execution.id;
