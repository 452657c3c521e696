import { Injectable } from '@nestjs/common';
import {
  type ActivityRecord,
  type AnalysedRule,
  type ConversionReport,
  conversionReport,
  type DecidedLead,
  ErrorCode,
} from '@leadflow/domain';
import { toEngineRule, validateBundle, valueOrThrow } from '@leadflow/dsl';
import { type CompiledRuleSet, compileRuleSet, scoreInputs } from '@leadflow/engine';
import {
  LeadScoresRepository,
  LeadsRepository,
  type LeadDocument,
  ScoringRulesRepository,
} from '@leadflow/persistence';
import { ActiveRuleSet, type ScoringContext } from './active-rule-set';
import { LeadSource, type ScoredLead } from './lead-source';

const HISTORY_READS_AT_ONCE = 16;

export interface AnalyticsView extends ConversionReport {
  /** the rule-set version whose criteria (and, for the current rules, rules) were analysed */
  rule_set_version: number;
  /** current: the published rules; draft: rules sent with the request */
  rules_analysed: 'current' | 'draft';
}

export interface SuggestedDraft {
  kind: 'bundle';
  rules: Record<string, unknown>[];
  /** the suggestions taken, by rule name: current points -> suggested points */
  accepted: { name: string; from: number; to: number }[];
}

/**
 * Conversion analytics over the decided (won/lost) leads: which rules each matched at its outcome date (the
 * rules evaluated on the lead's facts as of that date: its activities up to it, day counts at it), and the
 * score and stage it had then, read from its score history. The figures are conversionReport's.
 */
@Injectable()
export class ConversionAnalyticsService {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly leadSource: LeadSource,
    private readonly scores: LeadScoresRepository,
    private readonly rules: ScoringRulesRepository,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  async current(now = new Date()): Promise<AnalyticsView> {
    const context = await this.activeRuleSet.current();
    return { ...(await this.analyse(context, context.ruleSet, now)), rules_analysed: 'current' };
  }

  /** The same figures for draft rules (a bundle's `rules`, as `leadflow analyze` sends them). */
  async draft(document: unknown, now = new Date()): Promise<AnalyticsView> {
    const bundle = valueOrThrow(
      validateBundle(document, this.activeRuleSet.registry),
      ErrorCode.VALIDATION_FAILED,
      'bundle',
    );
    const context = await this.activeRuleSet.current();
    const ruleSet = compileRuleSet(
      'analytics-draft',
      bundle.rules.map((rule, index) => toEngineRule(rule, { ruleId: `draft-${index}` })),
      this.activeRuleSet.registry,
      bundle.settings ?? context.ruleSet.settings,
    );
    return { ...(await this.analyse(context, ruleSet, now)), rules_analysed: 'draft' };
  }

  /**
   * The current rules as a bundle with the suggested points of `accept` (rule ids; every suggestion that
   * differs when empty) in place: a draft for simulate and then apply. Nothing is changed here.
   */
  async suggestedDraft(accept: readonly string[]): Promise<SuggestedDraft> {
    const [report, stored] = await Promise.all([this.current(), this.rules.all()]);
    const suggestions = new Map(report.rules.map((rule) => [rule.rule_id, rule]));
    const accepted: SuggestedDraft['accepted'] = [];
    const rules = stored.map((record) => {
      const suggestion = suggestions.get(String(record.id));
      const take =
        suggestion !== undefined &&
        suggestion.suggested_points !== record.points &&
        (accept.length === 0 || accept.includes(String(record.id)));
      if (!take) return record.source;
      accepted.push({ name: record.name, from: record.points, to: suggestion.suggested_points });
      return { ...record.source, points: suggestion.suggested_points };
    });
    return { kind: 'bundle', rules, accepted };
  }

  private async analyse(
    context: ScoringContext,
    ruleSet: CompiledRuleSet,
    now: Date,
  ): Promise<Omit<AnalyticsView, 'rules_analysed'>> {
    const decided = await this.leads.decided();
    const activitiesByLead = await this.leadSource.activitiesOfMany(decided.map((lead) => lead.id));
    const leads: DecidedLead[] = [];
    // one history read per lead (its entry at its own outcome date), a few at a time
    for (let start = 0; start < decided.length; start += HISTORY_READS_AT_ONCE) {
      const batch = decided.slice(start, start + HISTORY_READS_AT_ONCE);
      leads.push(
        ...(await Promise.all(
          batch.map((lead) => this.decidedLead(lead, ruleSet, activitiesByLead.get(lead.id) ?? [], now)),
        )),
      );
    }
    const rules: AnalysedRule[] = ruleSet.rules.map((rule) => ({
      rule_id: rule.rule_id,
      name: rule.name,
      category: rule.category,
      points: rule.points,
    }));
    const stages = context.criteria
      .filter((criterion) => criterion.is_active)
      .map(({ stage, minimum_score }) => ({ stage, minimum_score }));
    return { ...conversionReport(leads, rules, stages, now), rule_set_version: context.version };
  }

  private async decidedLead(
    lead: LeadDocument,
    ruleSet: CompiledRuleSet,
    activities: readonly ActivityRecord[],
    now: Date,
  ): Promise<DecidedLead> {
    const at = lead.outcome_at ?? now;
    const before = activities.filter((activity) => new Date(activity.occurred_at).getTime() <= at.getTime());
    const scoredLead: ScoredLead = { ...lead };
    const input = { lead: scoredLead, activities: before, now: at };
    const { matched } = scoreInputs(ruleSet, this.activeRuleSet.registry, input).result;
    const entry = await this.scores.atOrBefore(lead.id, at, lead.score_seq);
    return {
      lead_id: lead.id,
      won: lead.outcome === 'won',
      matched: matched.map((rule) => rule.rule_id),
      scored: entry ? { score: entry.score, stage: entry.qualification_stage } : null,
    };
  }
}
