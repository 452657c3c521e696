import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** "EVENT_TYPE_ACTIVITY_TASK_COMPLETED" -> "ActivityTaskCompleted", the name the Temporal UI shows. */
export function eventTypeName(event: HistoryEvent): string {
  const raw = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
  return raw
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

export interface HistoryPageRequest {
  workflowId: string;
  runId?: string;
  /** at most this many events; Temporal may return fewer */
  pageSize: number;
  /** the `next_page_token` of the page before, as the API handed it out (base64url) */
  pageToken?: string;
}

export interface HistoryPage {
  events: HistoryEvent[];
  /** the raw events in Temporal's JSON history format (what `temporal workflow show -o json` prints) */
  json: Record<string, unknown>[];
  /** base64url of Temporal's own page token; null on the last page */
  nextPageToken: string | null;
}

/** A page token as it travels in a URL: base64url of Temporal's opaque bytes. */
const PAGE_TOKEN = /^[A-Za-z0-9_-]{1,4096}$/;

export function isHistoryPageToken(token: string): boolean {
  return PAGE_TOKEN.test(token);
}

/**
 * One page of a run's event history, straight from Temporal's own history pagination, so a run with
 * thousands of events is never loaded whole to show the first hundred.
 */
export async function fetchHistoryPage(client: Client, request: HistoryPageRequest): Promise<HistoryPage> {
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId: request.workflowId, ...(request.runId ? { runId: request.runId } : {}) },
    maximumPageSize: request.pageSize,
    ...(request.pageToken ? { nextPageToken: Buffer.from(request.pageToken, 'base64url') } : {}),
  });
  const events = response.history?.events ?? [];
  const json = (JSON.parse(historyToJSON({ events })) as { events?: Record<string, unknown>[] }).events ?? [];
  const next = response.nextPageToken;
  return {
    events,
    json,
    nextPageToken: next.length > 0 ? Buffer.from(next).toString('base64url') : null,
  };
}
