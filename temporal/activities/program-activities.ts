import { ApplicationFailure } from '@temporalio/common';
import { qualificationRunId, type TopLevelCondition, workflowEventFacts } from '@leadflow/domain';
import type { WorkflowProgram } from '@leadflow/dsl';
import { compileCondition } from '@leadflow/engine';
import type {
  LeadFacts,
  WorkflowDefinitionsRepository,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  type QualificationActivities,
  type ScheduleActivities,
  type ScheduledLeadsPage,
  type ScheduledTick,
} from '../contracts/qualification';
import { finalDomainError, leadGone } from './action-errors';
import { storedOutcome } from './run-outcome';

export interface ProgramActivityDependencies {
  definitions: Pick<WorkflowDefinitionsRepository, 'findVersion'>;
  executions: Pick<WorkflowExecutionsRepository, 'finish' | 'record'>;
  /** the lead's facts as scoring computes them (null when the lead is gone), and the registry they follow */
  facts: Pick<LeadFacts, 'forLead' | 'eventRegistry'>;
  /** lead ids above `afterId`, ascending */
  leadIdsAfter(afterId: number, limit: number): Promise<number[]>;
  clock?: () => Date;
}

/** Program versions a worker keeps in memory. */
const PROGRAM_CACHE_SIZE = 500;

type ProgramActivities = Omit<QualificationActivities, 'runAction'> & ScheduleActivities;

/**
 * The activities around the actions: loading a program version, deciding branches on fresh facts,
 * paging through the leads a time-based workflow's filter matches, and storing how a run ended.
 */
export function createProgramActivities(dependencies: ProgramActivityDependencies): ProgramActivities {
  const registry = dependencies.facts.eventRegistry;
  const now = dependencies.clock ?? (() => new Date());

  // A version never changes once saved, so each worker reads it once, not once per run.
  const programs = new Map<string, WorkflowProgram>();
  const loadVersion = async (definitionId: number, version: number): Promise<WorkflowProgram> => {
    const key = `${definitionId}:${version}`;
    const cached = programs.get(key);
    if (cached) return cached;
    const found = await dependencies.definitions.findVersion(definitionId, version);
    if (!found) {
      throw ApplicationFailure.create({
        type: 'NotFoundError',
        nonRetryable: true,
        message: `workflow ${definitionId} has no version ${version}`,
      });
    }
    const program = found.program;
    // Oldest out first, so a worker that lives through many versions keeps a bounded cache.
    if (programs.size >= PROGRAM_CACHE_SIZE) programs.delete(programs.keys().next().value as string);
    programs.set(key, program);
    return program;
  };

  /** Each lead's run of a tick is an execution like any other firing; a retried page finds them recorded. */
  const recordTickRuns = async (
    tick: ScheduledTick,
    name: string,
    leadIds: number[],
    at: Date,
  ): Promise<void> => {
    for (const leadId of leadIds) {
      await dependencies.executions.record({
        workflow_definition_id: tick.definition_id,
        workflow_name: name,
        version: tick.version,
        lead_id: leadId,
        trigger_type: 'time_based',
        event_id: tick.tick_id,
        temporal_workflow_id: `${tick.id_prefix}.${qualificationRunId(tick.definition_id, leadId, tick.tick_id)}`,
        started_at: at,
        lane: 'bulk',
      });
    }
  };

  return {
    loadProgram: loadVersion,

    loadPrograms: (versions) =>
      Promise.all(versions.map((wanted) => loadVersion(wanted.definition_id, wanted.version))),

    async evaluateCondition(leadId: number, condition: TopLevelCondition): Promise<boolean> {
      const facts = await dependencies.facts.forLead(leadId, now());
      if (!facts) throw finalDomainError(leadGone(leadId));
      return compileCondition(condition, registry).holds(facts);
    },

    async findScheduledLeads(tick, afterLeadId, limit): Promise<ScheduledLeadsPage> {
      const program = await loadVersion(tick.definition_id, tick.version);
      // The time-based trigger rule is "a schedule event, and the lead filter": evaluated on a schedule event.
      const trigger = compileCondition(program.trigger.rule.conditions, registry);
      const at = now();
      const matching: number[] = [];
      let cursor = afterLeadId;
      // Read ahead in pages until `limit` leads match or the leads run out.
      while (matching.length < limit) {
        const ids = await dependencies.leadIdsAfter(cursor, limit);
        if (ids.length === 0) {
          await recordTickRuns(tick, program.name, matching, at);
          return { lead_ids: matching, next_after_lead_id: null };
        }
        for (const id of ids) {
          cursor = id;
          const facts = await dependencies.facts.forLead(id, at);
          if (!facts) continue;
          const event = {
            event_id: 'schedule',
            event_type: 'schedule' as const,
            lead_id: id,
            score: null,
            previous_score: null,
            stage: null,
            previous_stage: null,
            changed_fields: [],
            occurred_at: at,
          };
          if (trigger.holds(workflowEventFacts(event, facts))) matching.push(id);
          if (matching.length >= limit) break;
        }
      }
      await recordTickRuns(tick, program.name, matching, at);
      return { lead_ids: matching, next_after_lead_id: cursor };
    },

    async recordOutcome(workflowId, progress): Promise<void> {
      const outcome = storedOutcome(progress);
      if (outcome) await dependencies.executions.finish(workflowId, outcome, now());
    },
  };
}
