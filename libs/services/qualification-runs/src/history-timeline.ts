import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One step of a run as a person reads it: an activity with its attempts, a timer, or a signal. */
export type TimelineEntry =
  | {
      kind: 'activity';
      activity_type: string;
      activity_id: string;
      status: 'scheduled' | 'started' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
      /**
       * attempts made so far; retries happen inside Temporal, so only the last one has events. Local
       * activities (loadProgram, evaluateCondition, recordOutcome) appear once done, from their marker.
       */
      attempts: number;
      /** why the previous attempt (or the last one) failed */
      failure: string | null;
      scheduled_at: string | null;
      finished_at: string | null;
    }
  | {
      kind: 'timer';
      timer_id: string;
      seconds: number;
      status: 'started' | 'fired' | 'cancelled';
      started_at: string | null;
    }
  | { kind: 'signal'; name: string; at: string | null };

function timeOf(event: HistoryEvent): string | null {
  const seconds = event.eventTime?.seconds;
  return seconds ? new Date(Number(seconds) * 1000).toISOString() : null;
}

/** A JSON payload's value (how the SDK encodes summaries and signal arguments); undefined when not JSON. */
function jsonOf(payload: { data?: Uint8Array | null } | null | undefined): unknown {
  if (!payload?.data) return undefined;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether an event that begins a step belongs to the definition run `owner` (an execution key), in a lead
 * event's run that holds several (leadEventWorkflow): its commands carry the key as their summary, its
 * cancel signal names it first; a command without a summary served them all (their programs, loaded at
 * once). Without an owner, every event does (a run of one definition).
 */
function ownedBy(event: HistoryEvent, owner: string | undefined): boolean {
  if (owner === undefined) return true;
  const signal = event.workflowExecutionSignaledEventAttributes;
  if (signal) return jsonOf(signal.input?.payloads?.[0]) === owner;
  const summary = jsonOf(event.userMetadata?.summary);
  return summary === undefined || summary === owner;
}

/**
 * Folds a run's event history into its timeline, in the order the steps began; with `owner`, the timeline
 * of that one definition run of a lead event's history.
 */
export function timelineOf(events: readonly HistoryEvent[], owner?: string): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const activities = new Map<number, Extract<TimelineEntry, { kind: 'activity' }>>();
  const timers = new Map<number, Extract<TimelineEntry, { kind: 'timer' }>>();
  for (const event of events) {
    const id = Number(event.eventId ?? 0);
    const mine = ownedBy(event, owner);
    const scheduled = mine ? event.activityTaskScheduledEventAttributes : undefined;
    if (scheduled) {
      const entry = {
        kind: 'activity' as const,
        activity_type: scheduled.activityType?.name ?? '',
        activity_id: scheduled.activityId ?? '',
        status: 'scheduled' as const,
        attempts: 0,
        failure: null,
        scheduled_at: timeOf(event),
        finished_at: null,
      };
      activities.set(id, entry);
      entries.push(entry);
    }
    const started = event.activityTaskStartedEventAttributes;
    const startedEntry = started && activities.get(Number(started.scheduledEventId ?? 0));
    if (started && startedEntry) {
      startedEntry.status = 'started';
      startedEntry.attempts = started.attempt ?? 1;
      startedEntry.failure = started.lastFailure?.message ?? null;
    }
    const outcomes: [
      { scheduledEventId?: Long | number | null } | null | undefined,
      'completed' | 'failed' | 'timed_out' | 'cancelled',
      string | null,
    ][] = [
      [event.activityTaskCompletedEventAttributes, 'completed', null],
      [
        event.activityTaskFailedEventAttributes,
        'failed',
        event.activityTaskFailedEventAttributes?.failure?.message ?? null,
      ],
      [
        event.activityTaskTimedOutEventAttributes,
        'timed_out',
        event.activityTaskTimedOutEventAttributes?.failure?.message ?? null,
      ],
      [event.activityTaskCanceledEventAttributes, 'cancelled', null],
    ];
    for (const [attributes, status, failure] of outcomes) {
      const entry = attributes && activities.get(Number(attributes.scheduledEventId ?? 0));
      if (!entry) continue;
      entry.status = status;
      entry.finished_at = timeOf(event);
      if (failure) entry.failure = failure;
    }
    const local = mine ? localActivityOf(event) : null;
    if (local) entries.push(local);
    const timer = mine ? event.timerStartedEventAttributes : undefined;
    if (timer) {
      const entry = {
        kind: 'timer' as const,
        timer_id: timer.timerId ?? '',
        seconds: Number(timer.startToFireTimeout?.seconds ?? 0),
        status: 'started' as const,
        started_at: timeOf(event),
      };
      timers.set(id, entry);
      entries.push(entry);
    }
    const fired = event.timerFiredEventAttributes;
    const firedEntry = fired && timers.get(Number(fired.startedEventId ?? 0));
    if (firedEntry) firedEntry.status = 'fired';
    const canceled = event.timerCanceledEventAttributes;
    const canceledEntry = canceled && timers.get(Number(canceled.startedEventId ?? 0));
    if (canceledEntry) canceledEntry.status = 'cancelled';
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal && mine) entries.push({ kind: 'signal', name: signal.signalName ?? '', at: timeOf(event) });
  }
  return entries;
}

/** What the SDK writes in a local activity's marker, under `data`. */
interface LocalActivityMarkerData {
  activity_id?: string;
  activity_type?: string;
  attempt?: number;
  complete_time?: { seconds?: number } | null;
  original_schedule_time?: { seconds?: number } | null;
}

/**
 * A local activity (loading the program, a branch condition, recording the outcome) as a timeline entry: it
 * has no activity events, only the marker the worker records when it is done.
 */
function localActivityOf(event: HistoryEvent): Extract<TimelineEntry, { kind: 'activity' }> | null {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return null;
  const payload = marker.details?.data?.payloads?.[0]?.data;
  if (!payload) return null;
  let data: LocalActivityMarkerData;
  try {
    data = JSON.parse(Buffer.from(payload).toString('utf8')) as LocalActivityMarkerData;
  } catch {
    return null;
  }
  const at = (time: { seconds?: number } | null | undefined) =>
    time?.seconds ? new Date(time.seconds * 1000).toISOString() : null;
  return {
    kind: 'activity',
    activity_type: data.activity_type ?? '',
    activity_id: data.activity_id ?? '',
    status: marker.failure ? 'failed' : 'completed',
    attempts: data.attempt ?? 1,
    failure: marker.failure?.message ?? null,
    scheduled_at: at(data.original_schedule_time) ?? timeOf(event),
    finished_at: at(data.complete_time) ?? timeOf(event),
  };
}

/** The most attempts any action step (a runAction activity) took, as the history shows it; 0 when none ran. */
export function actionAttemptsOf(timeline: readonly TimelineEntry[]): number {
  return timeline.reduce(
    (most, entry) =>
      entry.kind === 'activity' && entry.activity_type === 'runAction'
        ? Math.max(most, entry.attempts)
        : most,
    0,
  );
}
