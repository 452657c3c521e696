import { type FactDefinition, FactRegistry } from './fact-registry';

/**
 * What happened to a lead that may fire workflows: a score calculation, a change to its fields, a schedule
 * tick or a manual call. Trigger rules (compiled by the DSL) are evaluated on these facts merged with the
 * lead's own facts.
 */
export interface WorkflowEvent {
  /** unique per event; with the workflow id and lead id it names the run, so a duplicate event is a no-op */
  event_id: string;
  event_type: 'score_calculated' | 'lead_updated' | 'schedule' | 'manual';
  lead_id: number;
  score: number | null;
  previous_score: number | null;
  stage: string | null;
  previous_stage: string | null;
  /** the grade after and before the event; absent on events that do not grade (null: no grade) */
  grade?: string | null;
  previous_grade?: string | null;
  /** lead fields the event changed; a calculation that moved the stage lists "stage", the grade "grade" */
  changed_fields: string[];
  occurred_at: Date;
}

export const WORKFLOW_EVENT_FACTS: readonly FactDefinition[] = [
  { name: 'score', type: 'number', source: 'computed', description: 'score after the event' },
  { name: 'previous_score', type: 'number', source: 'computed', description: 'score before the event' },
  { name: 'stage', type: 'string', source: 'computed', description: 'qualification stage after the event' },
  { name: 'previous_stage', type: 'string', source: 'computed', description: 'stage before the event' },
  { name: 'grade', type: 'string', source: 'computed', description: 'profile-fit grade after the event' },
  { name: 'previous_grade', type: 'string', source: 'computed', description: 'grade before the event' },
  { name: 'changed_fields', type: 'string[]', source: 'computed', description: 'fields the event changed' },
  { name: 'event_type', type: 'string', source: 'computed', description: 'kind of event' },
];

/** The lead's facts plus the event's: the registry trigger rules are compiled against. */
export function withWorkflowEventFacts(registry: FactRegistry): FactRegistry {
  return new FactRegistry([...registry.list(), ...WORKFLOW_EVENT_FACTS]);
}

/** Event facts overlay lead facts of the same name (the event's `score` is the new score). */
export function workflowEventFacts(event: WorkflowEvent, leadFacts: Readonly<Record<string, unknown>>) {
  return {
    ...leadFacts,
    score: event.score,
    previous_score: event.previous_score,
    stage: event.stage,
    previous_stage: event.previous_stage,
    grade: event.grade ?? null,
    previous_grade: event.previous_grade ?? null,
    changed_fields: event.changed_fields,
    event_type: event.event_type,
  };
}

/**
 * Per (workflow, lead) memory of a score_threshold trigger: whether it may fire again and when it last did.
 * Starts armed. Firing disarms it; a score below `rearm_below` (default: the threshold itself) re-arms it.
 */
export interface ThresholdState {
  armed: boolean;
  last_fired_at: Date | null;
}

export interface ThresholdConfig {
  score: number;
  rearm_below?: number;
  cooldown_days?: number;
}

export const INITIAL_THRESHOLD_STATE: ThresholdState = { armed: true, last_fired_at: null };

const DAY_MS = 86_400_000;

/**
 * Whether an upward crossing (already established by the trigger rule) may fire, and the state after this
 * event. Pure, so every API and worker replica decides alike for the same stored state.
 */
export function decideThreshold(
  config: ThresholdConfig,
  state: ThresholdState,
  crossedUpward: boolean,
  score: number | null,
  now: Date,
): { fire: boolean; next: ThresholdState } {
  const rearmBelow = config.rearm_below ?? config.score;
  const rearmed = state.armed || (score !== null && score < rearmBelow);
  const coolingDown =
    config.cooldown_days !== undefined &&
    state.last_fired_at !== null &&
    now.getTime() - state.last_fired_at.getTime() < config.cooldown_days * DAY_MS;
  const fire = crossedUpward && rearmed && !coolingDown;
  if (fire) return { fire, next: { armed: false, last_fired_at: now } };
  return { fire, next: { armed: rearmed, last_fired_at: state.last_fired_at } };
}

/** The Temporal workflow id of one firing: the same event can never start the same workflow twice. */
export function qualificationRunId(definitionId: number, leadId: number, eventId: string): string {
  return `qualification-${definitionId}-lead-${leadId}-${eventId}`;
}

/**
 * The Temporal workflow id of one lead event's run, which executes every definition that event fired: the
 * same event can never start it twice. Each definition's execution keeps its own qualificationRunId as its
 * key (outcome, effect ledger).
 */
export function leadEventRunId(leadId: number, eventId: string): string {
  return `lead-${leadId}-event-${eventId}`;
}
