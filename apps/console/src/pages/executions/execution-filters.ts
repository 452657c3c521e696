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

/**
 * The API path listing one page of the executions that match the form; empty fields (and the first page)
 * are left out rather than sent blank.
 */
export function executionsListPath(filters: ExecutionFilters, page = 1, pageSize = 100): string {
  return `/api/lead-qualification/workflow-executions/${query({
    page: page > 1 ? page : undefined,
    workflow: filters.workflow,
    lead: filters.lead,
    status: filters.status,
    started_after: instant(filters.startedAfter),
    started_before: instant(filters.startedBefore),
    page_size: pageSize,
  })}`;
}
