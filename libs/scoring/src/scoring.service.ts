import { Injectable, Logger } from '@nestjs/common';
import { type ActivityRecord, DomainError, ErrorCode, type StageResolution } from '@leadflow/domain';
import type { RuleExplanation } from '@leadflow/engine';
import {
  type CurrentScoreFilter,
  type LeadScoreFields,
  LeadScoresRepository,
  type LeadScoreRecord,
  RunScoresRepository,
  type StageChangeRecord,
  StageHistoryRepository,
} from '@leadflow/persistence';
import { LeadEvents } from '@leadflow/workflows';
import { ActiveRuleSet, type ScoringContext } from './active-rule-set';
import { calculateLead, entryBeforeFromLead } from './lead-calculation';
import { LeadSource, type ScoredLead, scoreStateOf } from './lead-source';
import { DISTRIBUTION_RANGES, type ScoreDistribution, toDistribution } from './score-distribution';
import { stageChangeOf } from './stage-change';

/** Why a calculation came out as it did: every active rule leaf by leaf, and every criterion. */
export interface ScoreExplanation {
  rules: RuleExplanation[];
  criteria: StageResolution['criteria'];
}

export interface CalculateOptions {
  explain?: boolean;
  now?: Date;
  /**
   * Names this calculation (a job's id and time): a second calculate with the same key, such as a retried
   * or stalled job run again, stores no second history entry but finds the first one's, like a bulk run's
   * `run_key`.
   */
  idempotencyKey?: string;
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
    private readonly runScores: RunScoresRepository,
    private readonly stageHistory: StageHistoryRepository,
    private readonly leadEvents: LeadEvents,
  ) {}

  async requireLead(leadId: number): Promise<ScoredLead> {
    const lead = await this.leads.find(leadId);
    if (!lead) throw leadNotFound(leadId);
    return lead;
  }

  async calculate(leadId: number, options: CalculateOptions = {}): Promise<Calculation> {
    const began = performance.now();
    // Independent reads in one round trip (a missing lead only wastes the others): the lead, its
    // activities, the rule-set version, and the workflow definitions the score event will need, which
    // would otherwise be read after the writes.
    this.leadEvents.prepare(began);
    const [lead, activities, context] = await Promise.all([
      this.leads.find(leadId),
      this.leads.activitiesOf(leadId),
      this.activeRuleSet.current(),
    ]);
    if (!lead) throw leadNotFound(leadId);
    const now = options.now ?? new Date();
    return this.scoreAndStore(lead, activities, context, {
      now,
      began,
      explain: options.explain === true,
      key: options.idempotencyKey,
    });
  }

  private async scoreAndStore(
    lead: ScoredLead,
    activities: readonly ActivityRecord[],
    context: ScoringContext,
    { now, began, explain, key }: { now: Date; began: number; explain: boolean; key?: string },
  ): Promise<Calculation> {
    const { fields, result, stage } = calculateLead(
      this.activeRuleSet.registry,
      context,
      lead,
      activities,
      now,
      explain,
    );
    const { score, created } = await this.store(fields, lead, key);
    await this.afterAppend(score, began, created);
    return {
      score,
      lead,
      ...(result.explanation ? { explanation: { rules: result.explanation, criteria: stage.criteria } } : {}),
    };
  }

  /**
   * Appends the calculation to the lead's history; under a key, only unless that key stored one already
   * (then that entry is returned, `created: false`).
   */
  private async store(
    fields: LeadScoreFields,
    lead: ScoredLead,
    key: string | undefined,
  ): Promise<{ score: LeadScoreRecord; created: boolean }> {
    const previous = entryBeforeFromLead(lead);
    if (key === undefined) return { score: await this.scores.append(fields, previous), created: true };
    const { created, earlier } = await this.runScores.appendForRun(key, [{ fields, previous }]);
    const score = created[0] ?? earlier[0];
    if (!score) throw new Error(`calculation ${key} of lead ${lead.id} stored no history entry`);
    return { score, created: created.length > 0 };
  }

  /**
   * Stage history, the lead's current score unless a newer calculation has written it already, then the
   * workflow triggers (which log rather than throw: the calculation is stored whatever they do). For an
   * entry stored by an earlier run of the same job (`created: false`) each step is done again only as far as
   * that run did not finish it: its stage change is recorded once, and a trigger fires once per entry.
   */
  private async afterAppend(score: LeadScoreRecord, began: number, created: boolean): Promise<void> {
    const change = stageChangeOf(score);
    // Independent writes, sent together: one round trip of wall time instead of two.
    await Promise.all([
      change && (created ? this.stageHistory.record(change) : this.stageHistory.recordMany([change], true)),
      this.leads.recordScore(score.lead_id, scoreStateOf(score)),
    ]);
    await this.leadEvents.scoreCalculated(score, began);
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

  /** Each scored lead's current score (the calculation its own copy names) with the lead beside it. */
  async currentScores(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: { score: LeadScoreRecord; lead: ScoredLead }[] }> {
    const { count, results } = await this.leads.listScored(filter, skip, limit);
    const entries = await this.scores.entries(results.map(({ entry }) => entry));
    const byLead = new Map(entries.map((entry) => [entry.lead_id, entry]));
    return {
      count,
      results: results.flatMap(({ lead }) => {
        const score = byLead.get(lead.id);
        return score ? [{ score, lead }] : [];
      }),
    };
  }

  /** The guide's buckets over each lead's latest score: [0,20), [20,40), [40,60), [60,80), [80,100]. */
  async distribution(): Promise<ScoreDistribution> {
    const { counts, sum, total } = await this.leads.scoreCounts(DISTRIBUTION_RANGES);
    return toDistribution(counts, sum, total);
  }
}
