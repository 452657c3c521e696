import { Injectable } from '@nestjs/common';
import {
  buildFacts,
  defaultFactRegistry,
  type FactContext,
  type FactRegistry,
  type Facts,
  type LeadRecord,
  withWorkflowEventFacts,
} from '@leadflow/domain';
import { ActivitiesRepository } from '../activities/activity.repository';
import { LeadsRepository } from './lead.repository';

/**
 * A lead's facts, one way for the whole process: the fact registry is built once, here, and everything
 * that validates a condition, scores a lead or decides a trigger or a branch reads the same facts from it.
 * A deployment that adds facts of its own registers them on this registry.
 */
@Injectable()
export class LeadFacts {
  /** the facts rules, criteria and workflow conditions may read */
  readonly registry: FactRegistry = defaultFactRegistry();
  /** the same plus a workflow event's facts (score, previous_stage, ...), for triggers and branches */
  readonly eventRegistry: FactRegistry = withWorkflowEventFacts(this.registry);

  constructor(
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
  ) {}

  /** The facts of inputs already read: the lead's fields, its activities, the instant. */
  of(input: FactContext): Facts {
    return buildFacts(this.registry, input);
  }

  /** The lead's facts as scoring sees them, read now; null when the lead is gone. */
  async forLead(leadId: number, now: Date): Promise<Facts | null> {
    const lead = await this.leads.findById(leadId);
    if (!lead) return null;
    const activities = await this.activities.allForLead(leadId);
    // A stored lead is a LeadRecord with known fields; the spread gives it LeadRecord's open index signature.
    const record: LeadRecord = { ...lead };
    return this.of({ lead: record, activities, now });
  }
}
