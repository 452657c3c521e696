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
    const { set, names } = await this.triggerSet();
    const facts = await this.leadFacts(event.lead_id, event.occurred_at);
    if (!facts) return [];
    const stored = await this.states.forLead(event.lead_id);
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
