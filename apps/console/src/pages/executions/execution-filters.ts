import { query } from '../../api/client';

/** What the executions page's filter form holds: ids as typed, times as `<input type="datetime-local">` values. */
export interface ExecutionFilters {
  workflow: string;
  lead: string;
  status: string;
  startedAfter: string;
  startedBefore: string;
}

export const NO_EXECUTION_FILTERS: ExecutionFilters = {
  workflow: '',
  lead: '',
  status: '',
  startedAfter: '',
  startedBefore: '',
};

/** A datetime-local value is the browser's local time; the API wants an instant, so it is sent as ISO-8601 UTC. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API path listing the executions that match the form; empty fields are left out rather than sent blank. */
export function executionsListPath(filters: ExecutionFilters, pageSize = 100): string {
  return `/api/lead-qualification/workflow-executions/${query({
    workflow: filters.workflow,
    lead: filters.lead,
    status: filters.status,
    started_after: instant(filters.startedAfter),
    started_before: instant(filters.startedBefore),
    page_size: pageSize,
  })}`;
}
