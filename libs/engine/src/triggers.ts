import {
  decideThreshold,
  type FactRegistry,
  type Facts,
  INITIAL_THRESHOLD_STATE,
  qualificationRunId,
  type ThresholdConfig,
  type ThresholdState,
  type TopLevelCondition,
  type WorkflowEvent,
  withWorkflowEventFacts,
  workflowEventFacts,
} from '@leadflow/domain';
import { compileCondition, type CompiledStandaloneCondition } from './condition';

/** The part of a compiled workflow program (dsl WorkflowProgram) that decides whether it fires. */
export interface TriggerDefinition {
  definition_id: number;
  version: number;
  priority: number;
  is_active: boolean;
  trigger: { type: string; config: unknown; rule: { conditions: TopLevelCondition } };
}

export interface Firing {
  definition_id: number;
  version: number;
  /** the Temporal workflow id: derived from (definition, lead, event), so duplicates are no-ops */
  workflow_id: string;
}

export interface TriggerDecision {
  /** what to start, highest priority first */
  firings: Firing[];
  /** score_threshold states to store for (definition, lead), whether or not they fired */
  thresholdStates: Map<number, ThresholdState>;
}

/** Trigger definitions compiled once per set of active workflow versions, then evaluated per event. */
export class TriggerSet {
  private readonly compiled: { definition: TriggerDefinition; condition: CompiledStandaloneCondition }[];

  constructor(definitions: readonly TriggerDefinition[], registry: FactRegistry) {
    const eventRegistry = withWorkflowEventFacts(registry);
    this.compiled = definitions
      .filter((definition) => definition.is_active)
      .sort((a, b) => b.priority - a.priority || a.definition_id - b.definition_id)
      .map((definition) => ({
        definition,
        condition: compileCondition(definition.trigger.rule.conditions, eventRegistry),
      }));
  }

  /**
   * Which workflows this event fires. `thresholdState` gives the stored state of a score_threshold trigger
   * for this lead (absent: never fired); the decision carries the states to store back.
   */
  decide(
    event: WorkflowEvent,
    leadFacts: Facts,
    thresholdState: (definitionId: number) => ThresholdState | undefined,
  ): TriggerDecision {
    const facts = workflowEventFacts(event, leadFacts);
    const firings: Firing[] = [];
    const thresholdStates = new Map<number, ThresholdState>();
    for (const { definition, condition } of this.compiled) {
      const matches = condition.holds(facts);
      let fire = matches;
      if (definition.trigger.type === 'score_threshold') {
        const decision = decideThreshold(
          definition.trigger.config as ThresholdConfig,
          thresholdState(definition.definition_id) ?? INITIAL_THRESHOLD_STATE,
          matches,
          event.score,
          event.occurred_at,
        );
        fire = decision.fire;
        thresholdStates.set(definition.definition_id, decision.next);
      }
      if (fire) {
        firings.push({
          definition_id: definition.definition_id,
          version: definition.version,
          workflow_id: qualificationRunId(definition.definition_id, event.lead_id, event.event_id),
        });
      }
    }
    return { firings, thresholdStates };
  }
}
