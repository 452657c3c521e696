import { Injectable } from '@nestjs/common';
import {
  buildFacts,
  defaultFactRegistry,
  type Facts,
  type LeadRecord,
  type WorkflowEvent,
} from '@leadflow/domain';
import { type TriggerDefinition, TriggerSet } from '@leadflow/engine';
import {
  ActivitiesRepository,
  LeadsRepository,
  TriggerStatesRepository,
  type WorkflowDefinitionDocument,
  WorkflowDefinitionsRepository,
  type WorkflowExecutionDocument,
} from '@leadflow/persistence';
import { WorkflowLauncher } from './workflow-launcher.service';

function triggerDefinition(definition: WorkflowDefinitionDocument): TriggerDefinition {
  const program = definition.program as unknown as Omit<TriggerDefinition, 'definition_id'>;
  return {
    definition_id: definition.id,
    version: definition.version,
    priority: definition.priority,
    is_active: definition.is_active,
    trigger: program.trigger,
  };
}

/**
 * After every score calculation and lead change: which active workflows fire, in priority order, and their
 * runs started. The compiled trigger set is kept until a definition or version changes.
 */
@Injectable()
export class WorkflowTriggers {
  private readonly registry = defaultFactRegistry();
  private cached?: { key: string; set: TriggerSet; names: Map<number, WorkflowDefinitionDocument> };

  constructor(
    private readonly definitions: WorkflowDefinitionsRepository,
    private readonly states: TriggerStatesRepository,
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly launcher: WorkflowLauncher,
  ) {}

  async onLeadEvent(event: WorkflowEvent): Promise<WorkflowExecutionDocument[]> {
    const triggers = await this.triggerSet();
    const facts = await this.leadFacts(event.lead_id, event.occurred_at);
    if (!facts) return [];
    return this.decideAndLaunch(triggers, event, facts, await this.states.forLead(event.lead_id));
  }

  /**
   * The same decisions as onLeadEvent for many events at once (a bulk run's chunk): the leads, their
   * activities and their trigger states are read once for all of them, and nothing at all while no
   * workflow is active. Events of one lead must not repeat in one call. A failing event does not stop the
   * others; the failures are thrown together at the end.
   */
  async onLeadEvents(events: readonly WorkflowEvent[]): Promise<void> {
    const triggers = await this.triggerSet();
    if (triggers.names.size === 0 || events.length === 0) return;
    const ids = [...new Set(events.map((event) => event.lead_id))];
    const [leads, activities, states] = await Promise.all([
      this.leads.findByIds(ids),
      this.activities.allForLeads(ids),
      this.states.forLeads(ids),
    ]);
    const leadsById = new Map(leads.map((lead) => [lead.id, lead]));
    const failures: string[] = [];
    for (const event of events) {
      const lead = leadsById.get(event.lead_id);
      if (!lead) continue;
      const record: LeadRecord = { ...lead };
      const facts = buildFacts(this.registry, {
        lead: record,
        activities: activities.get(lead.id) ?? [],
        now: event.occurred_at,
      });
      try {
        await this.decideAndLaunch(triggers, event, facts, states.get(lead.id) ?? new Map());
      } catch (error) {
        // One lead's failure must not cost the others their triggers; all are reported at the end.
        failures.push(`${event.event_id} of lead ${lead.id}: ${String(error)}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`${failures.length} trigger evaluations failed: ${failures.join('; ')}`);
  }

  private async decideAndLaunch(
    { set, names }: { set: TriggerSet; names: Map<number, WorkflowDefinitionDocument> },
    event: WorkflowEvent,
    facts: Facts,
    stored: ReadonlyMap<number, { armed: boolean; last_fired_at: Date | null }>,
  ): Promise<WorkflowExecutionDocument[]> {
    const decision = set.decide(event, facts, (definitionId) => stored.get(definitionId));
    await this.states.save(event.lead_id, decision.thresholdStates);
    const launched: WorkflowExecutionDocument[] = [];
    for (const firing of decision.firings) {
      const definition = names.get(firing.definition_id);
      if (!definition) continue;
      const { execution } = await this.launcher.launch({
        definition_id: firing.definition_id,
        workflow_name: definition.name,
        version: firing.version,
        lead_id: event.lead_id,
        trigger_type: definition.trigger_type,
        event_id: event.event_id,
        workflow_id: firing.workflow_id,
      });
      launched.push(execution);
    }
    return launched;
  }

  /** The lead's facts as scoring sees them; null when the lead is gone. */
  async leadFacts(leadId: number, now: Date): Promise<Facts | null> {
    const lead = await this.leads.findById(leadId);
    if (!lead) return null;
    const activities = await this.activities.allForLead(leadId);
    // A stored lead is a LeadRecord with known fields; the spread gives it LeadRecord's open index signature.
    const record: LeadRecord = { ...lead };
    return buildFacts(this.registry, { lead: record, activities, now });
  }

  private async triggerSet() {
    const active = await this.definitions.listActive();
    const key = active.map((definition) => `${definition.id}:${definition.version}`).join(',');
    if (this.cached?.key !== key) {
      this.cached = {
        key,
        set: new TriggerSet(active.map(triggerDefinition), this.registry),
        names: new Map(active.map((definition) => [definition.id, definition])),
      };
    }
    return this.cached;
  }
}
