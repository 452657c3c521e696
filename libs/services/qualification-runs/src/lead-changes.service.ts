import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type LeadRecord } from '@leadflow/domain';
import {
  ActivitiesRepository,
  type LeadDocument,
  LeadFacts,
  LeadsRepository,
  revisionOf,
} from '@leadflow/persistence';
import { leadUpdatedEvent } from './lead-events';
import { LeadOutbox, outboxItem } from './lead-outbox.service';
import { WorkflowTriggers } from './workflow-triggers.service';

/** What a change makes of the lead as it is now: the fields to set, or null for no change. */
export type LeadChangePlan<T> = (lead: LeadDocument) => { set: Record<string, unknown>; outcome: T } | null;

/** How often a change is planned again when the lead changed between its read and its write. */
const MAX_ATTEMPTS = 20;

/**
 * Changes of a lead's own fields (an edit through the API, an enrichment): planned on the lead as read, and
 * written with the workflow runs they fire (field_update and others) in one write that succeeds only if the
 * lead is still as read; otherwise read and planned again. The inputs version moves, so a calculation that
 * read the lead before is made again.
 */
@Injectable()
export class LeadChanges {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly triggers: WorkflowTriggers,
    private readonly outbox: LeadOutbox,
    private readonly facts: LeadFacts,
  ) {}

  /** The lead before and after, and the plan's outcome; null when there is no such lead or no change. */
  async change<T>(
    id: number,
    plan: LeadChangePlan<T>,
    at = new Date(),
  ): Promise<{ before: LeadDocument; after: LeadDocument; outcome: T } | null> {
    const active = this.triggers.active(performance.now());
    active.catch(() => undefined);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = await this.leads.findById(id);
      if (!before) return null;
      const planned = plan(before);
      if (!planned) return null;
      if (Object.keys(planned.set).length === 0) return { before, after: before, outcome: planned.outcome };
      const runs = await this.runsOf(before, planned.set, at, await active);
      const item = runs.length > 0 ? outboxItem({ runs }, at) : undefined;
      const after = await this.leads.commitChange(id, revisionOf(before), {
        set: planned.set,
        inputsChanged: true,
        ...(item ? { item } : {}),
      });
      if (after) {
        if (item) await this.outbox.flush([{ lead_id: id, item }]);
        return { before, after, outcome: planned.outcome };
      }
    }
    throw new DomainError(ErrorCode.CONFLICT, `lead ${id} changed during each of ${MAX_ATTEMPTS} writes`);
  }

  /** The runs an edit fires; the activities are read only when some workflow is active. */
  private async runsOf(
    before: LeadDocument,
    set: Record<string, unknown>,
    at: Date,
    active: Awaited<ReturnType<WorkflowTriggers['active']>>,
  ) {
    if (active.definitions.size === 0) return [];
    const after = { ...before, ...set };
    const event = leadUpdatedEvent({ ...before }, after, at);
    if (!event) return [];
    const record: LeadRecord = { ...after };
    const facts = this.facts.of({
      lead: record,
      activities: await this.activities.allForLead(before.id),
      now: at,
    });
    return this.triggers.decide(active, event, facts, before.trigger_states, 'live').runs;
  }
}
