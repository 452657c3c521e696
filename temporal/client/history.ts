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
  /** this many events, fewer only on the last page */
  pageSize: number;
  /** the `next_page_token` of the page before, as fetchHistoryPage handed it out */
  pageToken?: string;
}

export interface HistoryPage {
  events: HistoryEvent[];
  /** the raw events in Temporal's JSON history format (what `temporal workflow show -o json` prints) */
  json: Record<string, unknown>[];
  /** the token of the next page; null on the last page */
  nextPageToken: string | null;
}

/** A page token the caller sent that is not one this code made. */
export class InvalidPageTokenError extends Error {}

/**
 * Where a page starts: Temporal's own page token (absent for the first), the page size it was asked with,
 * and how many events of that Temporal page earlier pages took. Temporal returns whole batches of events, so
 * one of its pages can be longer than asked; the offset keeps every page of ours at the size asked.
 */
interface PageCursor {
  temporal: string | null;
  size: number;
  skip: number;
}

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.temporal, cursor.size, cursor.skip])).toString('base64url');
}

/** Temporal's token, base64url, never empty (an empty one would silently mean the first page). */
function isTemporalToken(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, 'base64url').length > 0
  );
}

export function decodePageCursor(token: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError('not a page token');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !(parsed[0] === null || isTemporalToken(parsed[0])) ||
    !Number.isInteger(parsed[1]) ||
    (parsed[1] as number) < 1 ||
    !Number.isInteger(parsed[2]) ||
    (parsed[2] as number) < 0
  ) {
    throw new InvalidPageTokenError('not a page token');
  }
  return { temporal: parsed[0] as string | null, size: parsed[1] as number, skip: parsed[2] as number };
}

/** Temporal pages read for one page of ours at most (they are rarely short; this only bounds a bad case). */
const MAX_TEMPORAL_PAGES = 20;

/**
 * One page of a run's event history, read through Temporal's own history pagination, so a run with
 * thousands of events is never loaded whole to show the first hundred. Temporal's pages follow its event
 * batches, longer or shorter than asked; ours hold exactly `pageSize` events (fewer only at the end).
 */
export async function fetchHistoryPage(client: Client, request: HistoryPageRequest): Promise<HistoryPage> {
  let cursor: PageCursor = request.pageToken
    ? decodePageCursor(request.pageToken)
    : { temporal: null, size: request.pageSize, skip: 0 };
  const events: HistoryEvent[] = [];
  let next: PageCursor | null = null;
  for (let read = 0; read < MAX_TEMPORAL_PAGES; read++) {
    const response = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: request.workflowId, ...(request.runId ? { runId: request.runId } : {}) },
      // The size the Temporal page was first asked with, so the same token gives the same events again.
      maximumPageSize: cursor.size,
      ...(cursor.temporal ? { nextPageToken: Buffer.from(cursor.temporal, 'base64url') } : {}),
    });
    const all = response.history?.events ?? [];
    const taken = all.slice(cursor.skip, cursor.skip + request.pageSize - events.length);
    events.push(...taken);
    const end = cursor.skip + taken.length;
    const temporalNext = response.nextPageToken;
    if (end < all.length) {
      next = { ...cursor, skip: end };
      break;
    }
    next =
      temporalNext.length > 0
        ? { temporal: Buffer.from(temporalNext).toString('base64url'), size: request.pageSize, skip: 0 }
        : null;
    if (!next || events.length >= request.pageSize) break;
    cursor = next;
  }
  const json = (JSON.parse(historyToJSON({ events })) as { events?: Record<string, unknown>[] }).events ?? [];
  return { events, json, nextPageToken: next ? encodePageCursor(next) : null };
}
