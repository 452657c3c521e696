import { Injectable, Logger } from '@nestjs/common';
import type { WorkflowEvent } from '@leadflow/domain';
import type { LeadScoreRecord } from '@leadflow/persistence';
import { KeyedBatcher } from './keyed-batcher';
import { WorkflowTriggers } from './workflow-triggers.service';

/** An event waiting for its batch, with when the change behind it began (performance.now()). */
interface PendingEvent {
  event: WorkflowEvent;
  since: number;
}

/** The most events one batch evaluates; more wait for the next. */
const EVENT_BATCH = 200;

/** What a lead looked like before or after a change, as far as triggers care. */
export interface LeadSnapshot {
  id: number;
  score?: number | null;
  qualification_stage?: string | null;
  [field: string]: unknown;
}

/** The event of one score calculation: its own id, the score and stage moves, what changed. */
export function scoreCalculatedEvent(score: LeadScoreRecord): WorkflowEvent {
  const changed = [
    ...(score.score !== score.previous_score ? ['score'] : []),
    ...(score.qualification_stage !== score.previous_stage ? ['stage', 'qualification_stage'] : []),
  ];
  return {
    event_id: `score-${score.id}`,
    event_type: 'score_calculated',
    lead_id: score.lead_id,
    score: score.score,
    previous_score: score.previous_score,
    stage: score.qualification_stage,
    previous_stage: score.previous_stage,
    changed_fields: changed,
    occurred_at: score.calculated_at,
  };
}

const IGNORED_FIELDS = new Set([
  'updated_at',
  'created_at',
  'score_seq',
  'score_id',
  'score',
  'score_breakdown',
  'qualification_stage',
]);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The event of an edit to a lead's fields; null when no field a trigger could watch changed. */
export function leadUpdatedEvent(before: LeadSnapshot, after: LeadSnapshot, at: Date): WorkflowEvent | null {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...fields]
    .filter((field) => !IGNORED_FIELDS.has(field) && !same(before[field], after[field]))
    .sort();
  if (changed.length === 0) return null;
  const score = after.score ?? null;
  const stage = after.qualification_stage ?? null;
  return {
    event_id: `update-${at.getTime()}-${changed.join('.')}`.slice(0, 200),
    event_type: 'lead_updated',
    lead_id: after.id,
    score,
    previous_score: score,
    stage,
    previous_stage: stage,
    changed_fields: changed,
    occurred_at: at,
  };
}

/**
 * The entry point for the code that changes leads and scores. The change itself is already stored when it
 * calls, so a trigger that cannot start (Temporal unreachable) is logged rather than failing the request or
 * job; the run can be started again by hand from the API.
 */
@Injectable()
export class LeadEvents {
  private readonly logger = new Logger('lead-events');
  /**
   * Events that arrive together (parallel scoring jobs, many leads crossing a threshold at once) are
   * evaluated as one batch, in a fraction of the round trips; one lead's events still go one at a time, in
   * order, so each sees the trigger states the one before it wrote.
   */
  private readonly batcher = new KeyedBatcher<PendingEvent>(
    ({ event }) => event.lead_id,
    EVENT_BATCH,
    (pending) => this.evaluate(pending),
  );

  constructor(private readonly triggers: WorkflowTriggers) {}

  /**
   * Starts reading the active workflow definitions for a change that began at `since` (performance.now()),
   * so that its event, fired with the same `since`, finds them read already instead of reading them after
   * the change is stored.
   */
  prepare(since: number): void {
    this.triggers.prepare(since);
  }

  /** `since`: when the calculation began (performance.now()), as given to prepare. */
  async scoreCalculated(score: LeadScoreRecord, since = performance.now()): Promise<void> {
    await this.fire(scoreCalculatedEvent(score), since);
  }

  /**
   * The calculations of a bulk run's chunk, evaluated together (WorkflowTriggers.onLeadEvents) with the same
   * decisions as one scoreCalculated per calculation. Logged rather than thrown, like every lead event.
   */
  async scoresCalculated(scores: readonly LeadScoreRecord[]): Promise<void> {
    try {
      await this.triggers.onLeadEvents(scores.map(scoreCalculatedEvent));
    } catch (error) {
      this.logger.error(`workflow triggers for ${scores.length} calculations failed: ${String(error)}`);
    }
  }

  async leadUpdated(before: LeadSnapshot, after: LeadSnapshot, at = new Date()): Promise<void> {
    const event = leadUpdatedEvent(before, after, at);
    if (event) await this.fire(event);
  }

  /** Settles when the event's batch has been evaluated and its runs started. */
  private fire(event: WorkflowEvent, since = performance.now()): Promise<void> {
    return this.batcher.submit({ event, since });
  }

  private async evaluate(pending: PendingEvent[]): Promise<void> {
    const events = pending.map(({ event }) => event);
    try {
      // The definitions must be as fresh as the oldest change in the batch needs.
      await this.triggers.onLeadEvents(events, Math.min(...pending.map(({ since }) => since)));
    } catch (error) {
      this.logger.error(`workflow triggers for a batch of ${events.length} events failed: ${String(error)}`);
    }
  }
}
