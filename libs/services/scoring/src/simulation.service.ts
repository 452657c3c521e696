import { Injectable } from '@nestjs/common';
import { ErrorCode, type QualificationCriterion } from '@leadflow/domain';
import { toEngineRule, validateBundle, valueOrThrow } from '@leadflow/dsl';
import { compileRuleSet, qualifyInputs } from '@leadflow/engine';
import { ActiveRuleSet } from './active-rule-set';
import { entryBeforeFromLead } from './lead-calculation';
import { LeadSource, leadName } from './lead-source';
import { distributionOf } from './score-distribution';
import type { SimulatedLead, SimulationResult } from './simulation-result';

export type { SimulatedLead, SimulationResult };

export const MAX_SIMULATED_LEADS = 1_000;
const DEFAULT_SAMPLE = 100;

export interface SimulationRequest {
  rules: unknown[];
  /** draft criteria; the current version's criteria when absent */
  criteria?: unknown[];
  /** draft settings (score decay); the current version's when absent */
  settings?: unknown;
  /** the leads to simulate; else the first `sample_size` leads by id */
  lead_ids?: number[];
  sample_size?: number;
}

/**
 * Scores a sample of leads with draft rules (and draft criteria) beside their current scores. Nothing is
 * written: drafts are validated like a bundle (every problem listed, pointers such as /rules/2/value) and
 * compiled into a throwaway rule set.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly leads: LeadSource,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  async simulate(request: SimulationRequest, now = new Date()): Promise<SimulationResult> {
    const { registry } = this.activeRuleSet;
    const bundle = valueOrThrow(
      validateBundle(
        {
          rules: request.rules,
          ...(request.criteria !== undefined ? { criteria: request.criteria } : {}),
          ...(request.settings !== undefined ? { settings: request.settings } : {}),
        },
        registry,
      ),
      ErrorCode.RULE_INVALID,
      'simulation',
    );
    const current = await this.activeRuleSet.current();
    // Without draft settings, draft rules decay, cap and grade as the current version's rules do.
    const draft = compileRuleSet(
      'simulation',
      bundle.rules.map((rule, index) => toEngineRule(rule, { ruleId: `draft-${index}` })),
      registry,
      bundle.settings ?? current.ruleSet.settings,
    );
    const criteria: readonly QualificationCriterion[] =
      request.criteria !== undefined ? bundle.criteria : current.criteria;

    const ids =
      request.lead_ids ??
      (await this.leads.firstIds(Math.min(request.sample_size ?? DEFAULT_SAMPLE, MAX_SIMULATED_LEADS)));
    const leads = await this.leads.findMany(ids);
    const activitiesByLead = await this.leads.activitiesOfMany(leads.map((lead) => lead.id));
    const simulated = leads.map((lead): SimulatedLead => {
      const activities = activitiesByLead.get(lead.id) ?? [];
      const { result, stage } = qualifyInputs(draft, registry, criteria, { lead, activities, now });
      // The current score is the lead's own copy of its newest calculation, as the lead-scores list shows.
      const current = entryBeforeFromLead(lead);
      return {
        lead: lead.id,
        lead_name: leadName(lead),
        current_score: current.score,
        simulated_score: result.score,
        score_change: result.score - current.score,
        current_stage: current.qualification_stage,
        simulated_stage: stage.stage,
        current_grade: current.grade ?? null,
        simulated_grade: result.grade,
      };
    });
    return {
      rule_set_version: current.version,
      sample_size: simulated.length,
      leads: simulated,
      stage_changes: simulated.filter((lead) => lead.current_stage !== lead.simulated_stage).length,
      grade_changes: simulated.filter((lead) => lead.current_grade !== lead.simulated_grade).length,
      distribution_before: distributionOf(simulated.map((lead) => lead.current_score)),
      distribution_after: distributionOf(simulated.map((lead) => lead.simulated_score)),
    };
  }
}
