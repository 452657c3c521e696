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
  FreshRead,
  LeadsRepository,
  TriggerStatesRepository,
  type WorkflowDefinitionDocument,
  WorkflowDefinitionsRepository,
  type WorkflowExecutionDocument,
} from '@leadflow/persistence';
import { type Launch, WorkflowLauncher } from './workflow-launcher.service';

type ThresholdMemory = { armed: boolean; last_fired_at: Date | null };

/** What one event made: the executions of its firings, and the error of one that would not start. */
interface EventOutcome {
  event: WorkflowEvent;
  launched: WorkflowExecutionDocument[];
  error?: Error;
}

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
  /** The active definitions, one read shared by the evaluations that can use it (see FreshRead). */
  private readonly activeDefinitions: FreshRead<WorkflowDefinitionDocument[]>;

  constructor(
    private readonly definitions: WorkflowDefinitionsRepository,
    private readonly states: TriggerStatesRepository,
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly launcher: WorkflowLauncher,
  ) {
    this.activeDefinitions = new FreshRead(() => this.definitions.listActive());
  }

  /** Starts the definitions read that events of a change begun at `since` will use (see LeadEvents). */
  prepare(since: number): void {
    // A failure is left to the evaluation, which reads again and logs it.
    this.activeDefinitions.get(since).catch(() => undefined);
  }

  /** One event's firings, started; throws when one of them could not be started. */
  async onLeadEvent(event: WorkflowEvent): Promise<WorkflowExecutionDocument[]> {
    const [outcome] = await this.evaluate([event], performance.now());
    if (outcome?.error) throw outcome.error;
    return outcome?.launched ?? [];
  }

  /**
   * The same decisions as onLeadEvent for many events at once (a bulk run's chunk, or the events that
   * arrived together). Events of one lead must not repeat in one call. A failing event does not stop the
   * others; the failures are thrown together at the end. The definitions are read at or after `since`
   * (performance.now(); by default, now).
   */
  async onLeadEvents(events: readonly WorkflowEvent[], since = performance.now()): Promise<void> {
    const failures = (await this.evaluate(events, since))
      .filter((outcome) => outcome.error)
      .map(
        (outcome) => `${outcome.event.event_id} of lead ${outcome.event.lead_id}: ${String(outcome.error)}`,
      );
    if (failures.length > 0)
      throw new Error(`${failures.length} trigger evaluations failed: ${failures.join('; ')}`);
  }

  /**
   * The firing path, batched, since each round trip to MongoDB costs more than the work around it: one read
   * each of the definitions, the leads, their activities and their trigger states, one write of all the new
   * trigger states, one insert of all the executions, the Temporal starts side by side, one write of the
   * run ids. Nothing at all is read while no workflow is active.
   */
  private async evaluate(events: readonly WorkflowEvent[], since: number): Promise<EventOutcome[]> {
    if (events.length === 0) return [];
    const { set, names } = await this.triggerSet(since);
    if (names.size === 0) return events.map((event) => ({ event, launched: [] }));
    const ids = [...new Set(events.map((event) => event.lead_id))];
    const [leads, activities, states] = await Promise.all([
      this.leads.findByIds(ids),
      this.activities.allForLeads(ids),
      this.states.forLeads(ids),
    ]);
    const leadsById = new Map(leads.map((lead) => [lead.id, lead]));
    const newStates = new Map<number, ReadonlyMap<number, ThresholdMemory>>();
    const launches: { event: WorkflowEvent; launch: Launch }[] = [];
    for (const event of events) {
      const lead = leadsById.get(event.lead_id);
      if (!lead) continue;
      // A stored lead is a LeadRecord with known fields; the spread gives it LeadRecord's open index signature.
      const record: LeadRecord = { ...lead };
      const facts = buildFacts(this.registry, {
        lead: record,
        activities: activities.get(lead.id) ?? [],
        now: event.occurred_at,
      });
      const stored = states.get(lead.id);
      const decision = set.decide(event, facts, (definitionId) => stored?.get(definitionId));
      newStates.set(lead.id, decision.thresholdStates);
      for (const firing of decision.firings) {
        const definition = names.get(firing.definition_id);
        if (!definition) continue;
        launches.push({
          event,
          launch: {
            definition_id: firing.definition_id,
            workflow_name: definition.name,
            version: firing.version,
            lead_id: event.lead_id,
            trigger_type: definition.trigger_type,
            event_id: event.event_id,
            workflow_id: firing.workflow_id,
          },
        });
      }
    }
    // States first: a crash between the two leaves a firing unstarted rather than started twice.
    await this.states.saveMany(newStates);
    const outcomes = await this.launcher.launchMany(launches.map(({ launch }) => launch));
    const byEvent = new Map<WorkflowEvent, EventOutcome>(
      events.map((event) => [event, { event, launched: [] }]),
    );
    launches.forEach(({ event }, index) => {
      const outcome = outcomes[index];
      const entry = byEvent.get(event);
      if (!outcome || !entry) return;
      entry.launched.push(outcome.execution);
      if (outcome.error) entry.error ??= outcome.error;
    });
    return [...byEvent.values()];
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

  private async triggerSet(since: number) {
    const active = await this.activeDefinitions.get(since);
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
