import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { type Facts, leadEventRunId, type WorkflowEvent } from '@leadflow/domain';
import { type TriggerDefinition, TriggerSet } from '@leadflow/engine';
import {
  FreshRead,
  LeadFacts,
  type NewExecution,
  type StartLane,
  type StoredThresholdState,
  type WorkflowDefinitionDocument,
  WorkflowDefinitionsRepository,
} from '@leadflow/persistence';

/** The active workflow definitions as one compiled trigger set, as of one read. */
export interface ActiveTriggers {
  set: TriggerSet;
  definitions: ReadonlyMap<number, WorkflowDefinitionDocument>;
}

/**
 * What a change decided: the runs it fires (executions to record as pending, in priority order) and the
 * lead's threshold memory after it (undefined when unchanged).
 */
export interface TriggerDecision {
  runs: NewExecution[];
  triggerStates?: Record<string, StoredThresholdState>;
}

export const NO_RUNS: TriggerDecision = { runs: [] };

function triggerDefinition(definition: WorkflowDefinitionDocument): TriggerDefinition {
  const program = definition.program;
  return {
    definition_id: definition.id,
    version: definition.version,
    priority: definition.priority,
    is_active: definition.is_active,
    trigger: program.trigger,
  };
}

/**
 * Which active workflows a lead event fires, in priority order. The writer of the change passes what it
 * read and built already (the lead as written, its facts, its threshold memory), so deciding reads nothing
 * but the active definitions, and those once per change at most (FreshRead). The decision is stored with the
 * change, in the same conditional write; the worker's relay starts the runs.
 */
@Injectable()
export class WorkflowTriggers {
  private cached?: { key: string; triggers: ActiveTriggers };
  /** The active definitions, one read shared by the evaluations that can use it (see FreshRead). */
  private readonly activeDefinitions: FreshRead<WorkflowDefinitionDocument[]>;

  constructor(
    definitions: WorkflowDefinitionsRepository,
    private readonly facts: LeadFacts,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.activeDefinitions = new FreshRead(() => definitions.listActive());
  }

  /**
   * The active triggers as of a read begun at or after `since` (performance.now() when the change began),
   * so that a definition saved before the change is seen by it.
   */
  async active(since: number): Promise<ActiveTriggers> {
    const active = await this.activeDefinitions.get(since);
    const key = active.map((definition) => `${definition.id}:${definition.version}`).join(',');
    if (this.cached?.key !== key) {
      this.cached = {
        key,
        triggers: {
          set: new TriggerSet(active.map(triggerDefinition), this.facts.registry),
          definitions: new Map(active.map((definition) => [definition.id, definition])),
        },
      };
    }
    return this.cached.triggers;
  }

  /** The runs `event` fires for a lead with these facts and this stored threshold memory. */
  decide(
    triggers: ActiveTriggers,
    event: WorkflowEvent,
    facts: Facts,
    stored: Readonly<Record<string, StoredThresholdState>> | undefined,
    lane: StartLane,
  ): TriggerDecision {
    if (triggers.definitions.size === 0) return NO_RUNS;
    const decision = triggers.set.decide(event, facts, (definitionId) => stored?.[String(definitionId)]);
    const firings = decision.firings.filter((firing) => triggers.definitions.has(firing.definition_id));
    // All of them in one Temporal run, named by the event: recorded together (one outbox item, one
    // recordPending), each knowing how many they are, so the relay starts the run only with all of them.
    const group = `${this.config.TEMPORAL_ID_PREFIX}.${leadEventRunId(event.lead_id, event.event_id)}`;
    const runs = firings.flatMap((firing): NewExecution[] => {
      const definition = triggers.definitions.get(firing.definition_id);
      if (!definition) return [];
      return [
        {
          workflow_definition_id: firing.definition_id,
          workflow_name: definition.name,
          version: firing.version,
          lead_id: event.lead_id,
          trigger_type: definition.trigger_type,
          event_id: event.event_id,
          temporal_workflow_id: `${this.config.TEMPORAL_ID_PREFIX}.${firing.workflow_id}`,
          temporal_group_id: group,
          group_size: firings.length,
          started_at: event.occurred_at,
          lane,
        },
      ];
    });
    if (decision.thresholdStates.size === 0) return { runs };
    const next: Record<string, StoredThresholdState> = { ...stored };
    for (const [definitionId, state] of decision.thresholdStates) next[String(definitionId)] = state;
    const changed = JSON.stringify(next) !== JSON.stringify(stored ?? {});
    return changed ? { runs, triggerStates: next } : { runs };
  }
}
