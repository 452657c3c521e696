import { Injectable, Logger } from '@nestjs/common';
import {
  type ActivityRecord,
  buildFacts,
  DomainError,
  ErrorCode,
  resolveStage,
  type StageResolution,
} from '@leadflow/domain';
import { type RuleExplanation, scoreLead } from '@leadflow/engine';
import {
  type CurrentScoreFilter,
  LeadScoresRepository,
  type LeadScoreRecord,
  type PreviousScore,
  type StageChangeRecord,
  StageHistoryRepository,
} from '@leadflow/persistence';
import { LeadEvents } from '@leadflow/workflows';
import { ActiveRuleSet, type ScoringContext } from './active-rule-set';
import { LeadSource, type ScoredLead } from './lead-source';
import { DISTRIBUTION_RANGES, type ScoreDistribution, toDistribution } from './score-distribution';

/** Why a calculation came out as it did: every active rule leaf by leaf, and every criterion. */
export interface ScoreExplanation {
  rules: RuleExplanation[];
  criteria: StageResolution['criteria'];
}

export interface Calculation {
  score: LeadScoreRecord;
  lead: ScoredLead;
  explanation?: ScoreExplanation;
}

function leadNotFound(leadId: number): DomainError {
  return new DomainError(ErrorCode.LEAD_NOT_FOUND, `lead ${leadId} does not exist`, [
    { pointer: '/lead_id', code: 'LEAD_NOT_FOUND', message: `lead ${leadId} does not exist` },
  ]);
}

/**
 * The lead's own copy of its latest applied calculation, as the guess for the entry a new one follows. The
 * lead holds score, stage and seq of one and the same history entry (written together, never backwards).
 */
function previousFromLead(lead: ScoredLead): PreviousScore {
  const { score_seq: seq, score, qualification_stage: stage } = lead;
  if (typeof seq !== 'number' || seq <= 0) return { seq: 0, score: 0, qualification_stage: 'unqualified' };
  return {
    seq,
    score: typeof score === 'number' ? score : 0,
    qualification_stage: typeof stage === 'string' ? stage : 'unqualified',
  };
}

/** Calculations of one bulk chunk in flight at once: enough to hide database latency. */
const CALCULATIONS_IN_FLIGHT = 16;

/**
 * Scores leads: reads the lead and its activities, scores them against the latest rule-set version (the
 * compiled fast path), resolves the stage from that version's criteria, appends the calculation to the
 * history and updates the lead. The math lives in @leadflow/domain and @leadflow/engine; this is the I/O.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);

  constructor(
    private readonly leads: LeadSource,
    private readonly activeRuleSet: ActiveRuleSet,
    private readonly scores: LeadScoresRepository,
    private readonly stageHistory: StageHistoryRepository,
    private readonly leadEvents: LeadEvents,
  ) {}

  async requireLead(leadId: number): Promise<ScoredLead> {
    const lead = await this.leads.find(leadId);
    if (!lead) throw leadNotFound(leadId);
    return lead;
  }

  async calculate(leadId: number, options: { explain?: boolean; now?: Date } = {}): Promise<Calculation> {
    // Three independent reads in one round trip; a missing lead only wastes the other two.
    const [lead, activities, context] = await Promise.all([
      this.leads.find(leadId),
      this.leads.activitiesOf(leadId),
      this.activeRuleSet.current(),
    ]);
    if (!lead) throw leadNotFound(leadId);
    return this.scoreAndStore(lead, activities, context, options.now ?? new Date(), options.explain === true);
  }

  /**
   * Recalculates several leads with one read of the leads, one of their activities and one rule-set version
   * for all of them (the bulk path). A lead that is missing or fails is counted, not fatal.
   */
  async calculateMany(leadIds: readonly number[], now: Date): Promise<{ processed: number; failed: number }> {
    const [leads, activitiesByLead, context] = await Promise.all([
      this.leads.findMany(leadIds),
      this.leads.activitiesOfMany(leadIds),
      this.activeRuleSet.current(),
    ]);
    let failed = leadIds.length - leads.length;
    for (let offset = 0; offset < leads.length; offset += CALCULATIONS_IN_FLIGHT) {
      const outcomes = await Promise.allSettled(
        leads
          .slice(offset, offset + CALCULATIONS_IN_FLIGHT)
          .map((lead) => this.scoreAndStore(lead, activitiesByLead.get(lead.id) ?? [], context, now, false)),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          failed += 1;
          this.logger.warn(`bulk calculation failed: ${String(outcome.reason)}`);
        }
      }
    }
    return { processed: leadIds.length, failed };
  }

  private async scoreAndStore(
    lead: ScoredLead,
    activities: readonly ActivityRecord[],
    context: ScoringContext,
    now: Date,
    explain: boolean,
  ): Promise<Calculation> {
    const input = { lead, activities, now };
    const facts = buildFacts(this.activeRuleSet.registry, input);
    // The version's score decay, if any, ages points from these same activities and this same instant.
    const result = scoreLead(context.ruleSet, facts, { explain, timeline: input });
    const stage = resolveStage(context.criteria, lead, activities, result.score, now);

    const score = await this.scores.append(
      {
        lead_id: lead.id,
        score: result.score,
        score_breakdown: result.breakdown,
        qualification_stage: stage.stage,
        rule_set_version: context.version,
        matched_rules: result.matched,
        stage_reasons: stage.criteria.flatMap((outcome) =>
          outcome.reasons.map((reason) => `${outcome.stage}: ${reason}`),
        ),
        calculated_at: now,
      },
      previousFromLead(lead),
    );
    await this.afterAppend(score);
    return {
      score,
      lead,
      ...(result.explanation ? { explanation: { rules: result.explanation, criteria: stage.criteria } } : {}),
    };
  }

  /**
   * Stage history, the lead's current score unless a newer calculation has written it already, then the
   * workflow triggers (which log rather than throw: the calculation is stored whatever they do).
   */
  private async afterAppend(score: LeadScoreRecord): Promise<void> {
    // Independent writes, sent together: one round trip of wall time instead of three.
    await Promise.all([
      this.scores.retirePrevious(score),
      score.previous_stage !== score.qualification_stage
        ? this.stageHistory.record({
            lead_id: score.lead_id,
            from_stage: score.previous_stage,
            to_stage: score.qualification_stage,
            score: score.score,
            lead_score_id: score.id,
            rule_set_version: score.rule_set_version,
            changed_at: score.calculated_at,
          })
        : undefined,
      this.leads.recordScore(score.lead_id, {
        score: score.score,
        score_breakdown: score.score_breakdown,
        qualification_stage: score.qualification_stage,
        score_seq: score.seq,
      }),
    ]);
    await this.leadEvents.scoreCalculated(score);
  }

  async history(
    leadId: number,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadScoreRecord[] }> {
    await this.requireLead(leadId);
    return this.scores.history(leadId, skip, limit);
  }

  /** The lead's stage changes, newest first. */
  async stageChanges(leadId: number): Promise<StageChangeRecord[]> {
    await this.requireLead(leadId);
    return this.stageHistory.forLead(leadId);
  }

  /** Each lead's current score with the lead beside it (a lead deleted since is left out). */
  async currentScores(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: { score: LeadScoreRecord; lead: ScoredLead }[] }> {
    const { count, results } = await this.scores.listCurrent(filter, skip, limit);
    const leads = new Map(
      (await this.leads.findMany(results.map((score) => score.lead_id))).map((lead) => [lead.id, lead]),
    );
    return {
      count,
      results: results.flatMap((score) => {
        const lead = leads.get(score.lead_id);
        return lead ? [{ score, lead }] : [];
      }),
    };
  }

  /** The guide's buckets over each lead's latest score: [0,20), [20,40), [40,60), [60,80), [80,100]. */
  async distribution(): Promise<ScoreDistribution> {
    const { counts, sum, total } = await this.scores.currentScoreCounts(DISTRIBUTION_RANGES);
    return toDistribution(counts, sum, total);
  }
}
