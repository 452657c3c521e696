/**
 * A run's Temporal history read back as the workflow's own steps, as Temporal UI would show it but in our
 * words: the program the run loaded says which steps there are, and because the interpreter runs them one
 * after another, the n-th action call, timer and condition of the run belong to the n-th action, delay and
 * branch it reached. Pure: it reads events, it fetches nothing.
 */

/** One history event, from the API (`GET …/history/`) or from a JSON history file (see `fromJsonHistory`). */
export interface HistoryEvent {
  id: number;
  /** "ActivityTaskScheduled", "MarkerRecorded", … */
  type: string;
  time: string | null;
  attributes: Record<string, unknown>;
  /** the definition run (execution key) a command belongs to, in a lead event's run of several */
  summary: string | null;
}

export type StepStatus = 'completed' | 'failed' | 'running' | 'waiting' | 'cancelled' | 'not reached';

export interface TimelineStep {
  stepId: string;
  kind: 'action' | 'delay' | 'branch';
  /** how deep in branches the step sits (0 at the top) */
  depth: number;
  /** the action type, "wait PT1H" or "branch" */
  label: string;
  /** an action's config, or a branch's condition, with secrets redacted */
  config: unknown;
  /** what the step gave: an action's result, a branch's true/false */
  result: unknown;
  /** for a branch: the path it took */
  branch?: 'then' | 'else';
  status: StepStatus;
  attempts: number;
  /** why the last failed attempt failed */
  failure: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A stretch of time the run spent waiting: a delay step's timer, or a retry's back-off before an attempt. */
export interface Wait {
  stepId: string | null;
  kind: 'delay' | 'retry';
  from: string;
  to: string | null;
}

export interface Timeline {
  workflowName: string | null;
  steps: TimelineStep[];
  waits: Wait[];
  signals: { name: string; at: string | null }[];
  startedAt: string | null;
  finishedAt: string | null;
}

/** One call of an activity (remote or local) as the history records it. */
interface Call {
  type: string;
  attempts: number;
  failure: string | null;
  result: unknown;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  done: boolean;
}

interface Timer {
  from: string | null;
  to: string | null;
  state: 'started' | 'fired' | 'cancelled';
}

interface ProgramStep {
  id: string;
  kind: 'action' | 'delay' | 'branch';
  action_type?: string;
  config?: unknown;
  duration?: string;
  condition?: unknown;
  then?: ProgramStep[];
  else?: ProgramStep[];
}

const SECRET_KEY = /(secret|token|password|passwd|api[-_]?key|authorization|credential|signature|cookie)/i;

/** `value` with every secret-looking field (by name) and URL credentials replaced, for showing a config. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === 'string') return value.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1[redacted]@');
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(field),
    ]),
  );
}

/** A payload's JSON value: Temporal's JSON history holds payloads as base64 of UTF-8 JSON. */
function payloadValue(payload: unknown): unknown {
  const data = (payload as { data?: unknown } | undefined)?.data;
  if (typeof data !== 'string') return undefined;
  try {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const text = new TextDecoder().decode(bytes);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

const firstPayload = (payloads: unknown): unknown =>
  payloadValue((payloads as { payloads?: unknown[] } | undefined)?.payloads?.[0]);

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED" (tctl/CLI JSON) → "ActivityTaskScheduled" (the API's names). */
function typeName(raw: string): string {
  if (!raw.startsWith('EVENT_TYPE_')) return raw;
  return raw
    .slice('EVENT_TYPE_'.length)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase());
}

/** Events of a JSON history as Temporal writes it (`temporal workflow show --output json`, recorded fixtures). */
export function fromJsonHistory(history: { events: Record<string, unknown>[] }): HistoryEvent[] {
  return history.events.map((event) => {
    const key = Object.keys(event).find((name) => name.endsWith('EventAttributes'));
    const summary = payloadValue(record(record(event.userMetadata).summary));
    return {
      id: Number(event.eventId ?? 0),
      type: typeName(text(event.eventType)),
      time: typeof event.eventTime === 'string' ? event.eventTime : null,
      attributes: key ? record(event[key]) : {},
      summary: typeof summary === 'string' ? summary : null,
    };
  });
}

/** A protobuf Timestamp as JSON ({seconds, nanos}) as an ISO instant. */
function instant(value: unknown): string | null {
  const { seconds, nanos } = record(value);
  if (seconds === undefined) return null;
  return new Date(Number(seconds) * 1000 + Math.floor(Number(nanos ?? 0) / 1e6)).toISOString();
}

/** "3600s" (a protobuf Duration as JSON) in milliseconds. */
const durationMs = (value: unknown): number => (typeof value === 'string' ? parseFloat(value) * 1000 : 0);

/** Which events are this run's: all of them, or in a lead event's run those its key owns (or none owns). */
function ownedBy(event: HistoryEvent, owner: string | undefined): boolean {
  if (owner === undefined) return true;
  if (event.type === 'WorkflowExecutionSignaled') {
    const first = firstPayload(event.attributes.input);
    return first === owner || first === undefined;
  }
  return event.summary === null || event.summary === owner;
}

/** The calls, timers and signals of the run, in the order they happened. */
function collect(events: readonly HistoryEvent[]) {
  const calls: Call[] = [];
  const bySchedule = new Map<number, Call>();
  const timers: Timer[] = [];
  const timersByStart = new Map<number, Timer>();
  const signals: { name: string; at: string | null }[] = [];
  for (const event of events) {
    const a = event.attributes;
    switch (event.type) {
      case 'ActivityTaskScheduled': {
        const call: Call = {
          type: text(record(a.activityType).name),
          attempts: 0,
          failure: null,
          result: undefined,
          scheduledAt: event.time,
          startedAt: null,
          finishedAt: null,
          done: false,
        };
        bySchedule.set(event.id, call);
        calls.push(call);
        break;
      }
      case 'ActivityTaskStarted': {
        const call = bySchedule.get(Number(a.scheduledEventId));
        if (!call) break;
        call.attempts = Number(a.attempt ?? 1);
        call.startedAt = event.time;
        call.failure = (record(a.lastFailure).message as string | undefined) ?? call.failure;
        break;
      }
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled': {
        const call = bySchedule.get(Number(a.scheduledEventId));
        if (!call) break;
        call.done = true;
        call.finishedAt = event.time;
        call.result = firstPayload(a.result);
        const failure = record(a.failure).message;
        if (typeof failure === 'string') call.failure = failure;
        else if (event.type === 'ActivityTaskTimedOut') call.failure = 'timed out';
        else if (event.type === 'ActivityTaskCanceled') call.failure = 'cancelled';
        else call.failure = null;
        break;
      }
      case 'MarkerRecorded': {
        if (a.markerName !== 'core_local_activity') break;
        const details = record(a.details);
        const data = record(firstPayload(details.data));
        const failure = record(a.failure).message;
        calls.push({
          type: text(data.activity_type),
          attempts: Number(data.attempt ?? 1),
          failure: typeof failure === 'string' ? failure : null,
          result: firstPayload(details.result),
          scheduledAt: instant(data.original_schedule_time),
          startedAt: null,
          finishedAt: instant(data.complete_time) ?? event.time,
          done: true,
        });
        break;
      }
      case 'TimerStarted': {
        const timer: Timer = { from: event.time, to: null, state: 'started' };
        // the planned end, until it fires or is cancelled
        if (event.time)
          timer.to = new Date(Date.parse(event.time) + durationMs(a.startToFireTimeout)).toISOString();
        timersByStart.set(event.id, timer);
        timers.push(timer);
        break;
      }
      case 'TimerFired':
      case 'TimerCanceled': {
        const timer = timersByStart.get(Number(a.startedEventId));
        if (!timer) break;
        timer.state = event.type === 'TimerFired' ? 'fired' : 'cancelled';
        timer.to = event.time;
        break;
      }
      case 'WorkflowExecutionSignaled':
        signals.push({ name: text(a.signalName), at: event.time });
        break;
    }
  }
  return { calls, timers, signals };
}

const CLOSED = new Set([
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionTerminated',
  'WorkflowExecutionTimedOut',
]);

/**
 * The program the run loaded: its own `loadProgram`, or its place in a lead event's `loadPrograms` (one
 * call for all of its runs, in the order of the runs in the workflow's input).
 */
function programOf(
  calls: readonly Call[],
  events: readonly HistoryEvent[],
  owner: string | undefined,
): Record<string, unknown> {
  const own = calls.find((call) => call.type === 'loadProgram');
  if (own) return record(own.result);
  const shared = calls.find((call) => call.type === 'loadPrograms')?.result;
  if (!Array.isArray(shared)) return {};
  const started = events.find((event) => event.type === 'WorkflowExecutionStarted');
  const runs = record(firstPayload(started?.attributes.input)).runs;
  const index = Array.isArray(runs) ? runs.findIndex((run) => record(run).execution_key === owner) : -1;
  return record(shared[index]);
}

/**
 * The timeline of one definition run. `owner` is the execution's `run_key` when its Temporal workflow holds
 * several runs (a lead event's); its commands carry the key as their summary.
 */
export function buildTimeline(events: readonly HistoryEvent[], owner?: string): Timeline {
  const mine = events.filter((event) => ownedBy(event, owner));
  const { calls, timers, signals } = collect(mine);
  const closedEvent = mine.find((event) => CLOSED.has(event.type));
  const program = programOf(calls, events, owner);
  const queues = {
    action: calls.filter((call) => call.type === 'runAction'),
    condition: calls.filter((call) => call.type === 'evaluateCondition'),
    timer: [...timers],
  };
  const steps: TimelineStep[] = [];
  const waits: Wait[] = [];
  // the instant the previous step ended: where a local activity's work began (its marker only has the end)
  let cursor: string | null = calls[0]?.finishedAt ?? mine[0]?.time ?? null;
  let reachedEnd = false;

  const fromCall = (
    call: Call | undefined,
  ): Pick<TimelineStep, 'status' | 'attempts' | 'failure' | 'startedAt' | 'finishedAt'> => {
    if (!call)
      return { status: 'not reached', attempts: 0, failure: null, startedAt: null, finishedAt: null };
    const startedAt = call.startedAt ?? call.scheduledAt ?? cursor;
    const afterPrevious = startedAt && cursor && startedAt < cursor ? cursor : startedAt;
    // event times from the API are whole seconds, a local activity's end is exact: never end before begin
    const begin =
      afterPrevious && call.finishedAt && afterPrevious > call.finishedAt ? call.finishedAt : afterPrevious;
    return {
      status: !call.done ? 'running' : call.failure && call.result === undefined ? 'failed' : 'completed',
      // an action that retries inside its one call says how many tries it took in its result
      attempts: Math.max(call.attempts, Number(record(call.result).attempt ?? 0)),
      failure: call.failure,
      startedAt: begin,
      finishedAt: call.finishedAt,
    };
  };

  const walk = (list: readonly ProgramStep[], depth: number): void => {
    for (const step of list) {
      const base = { stepId: step.id, kind: step.kind, depth };
      if (reachedEnd) {
        steps.push({
          ...base,
          label: labelOf(step),
          config: configOf(step),
          result: undefined,
          status: 'not reached',
          attempts: 0,
          failure: null,
          startedAt: null,
          finishedAt: null,
        });
        continue;
      }
      if (step.kind === 'delay') {
        const timer = queues.timer.shift();
        const status: StepStatus = !timer
          ? 'not reached'
          : timer.state === 'fired'
            ? 'completed'
            : timer.state === 'cancelled'
              ? 'cancelled'
              : 'waiting';
        steps.push({
          ...base,
          label: labelOf(step),
          config: { duration: step.duration },
          result: undefined,
          status,
          attempts: 0,
          failure: null,
          startedAt: timer?.from ?? null,
          finishedAt: timer && timer.state !== 'started' ? timer.to : null,
        });
        if (timer?.from) waits.push({ stepId: step.id, kind: 'delay', from: timer.from, to: timer.to });
        if (timer?.state !== 'fired') reachedEnd = true;
        else cursor = timer.to;
        continue;
      }
      const call = step.kind === 'action' ? queues.action.shift() : queues.condition.shift();
      const shown = fromCall(call);
      if (
        call &&
        call.attempts > 1 &&
        call.scheduledAt &&
        call.startedAt &&
        call.startedAt > call.scheduledAt
      )
        waits.push({ stepId: step.id, kind: 'retry', from: call.scheduledAt, to: call.startedAt });
      const taken =
        step.kind === 'branch' && call?.done ? (call.result === true ? 'then' : 'else') : undefined;
      steps.push({
        ...base,
        label: labelOf(step),
        config: configOf(step),
        result: call?.result,
        ...(taken ? { branch: taken } : {}),
        ...shown,
      });
      if (shown.status !== 'completed') {
        reachedEnd = true;
        continue;
      }
      cursor = shown.finishedAt ?? cursor;
      if (step.kind === 'branch' && taken) {
        walk((taken === 'then' ? step.then : step.else) ?? [], depth + 1);
      }
    }
  };
  walk((program.steps as ProgramStep[] | undefined) ?? [], 0);
  // a run that closed leaves nothing running: what it did not reach stays "not reached"
  if (closedEvent)
    for (const step of steps)
      if (step.status === 'running' || step.status === 'waiting') step.status = 'cancelled';

  return {
    workflowName: typeof program.name === 'string' ? program.name : null,
    steps,
    waits,
    signals,
    startedAt: mine[0]?.time ?? null,
    finishedAt: closedEvent?.time ?? null,
  };
}

function labelOf(step: ProgramStep): string {
  if (step.kind === 'action') return step.action_type ?? 'action';
  if (step.kind === 'delay') return `wait ${step.duration ?? ''}`.trim();
  return 'branch';
}

function configOf(step: ProgramStep): unknown {
  if (step.kind === 'action') return redactSecrets(step.config ?? {});
  if (step.kind === 'branch') return step.condition;
  return { duration: step.duration };
}
