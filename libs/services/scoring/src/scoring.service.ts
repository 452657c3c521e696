import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import {
  type CurrentScoreFilter,
  entryAfter,
  LeadScoresRepository,
  type LeadScoreRecord,
  LeadsRepository,
  revisionOf,
  stageChangeOf,
  type StageChangeRecord,
  StageHistoryRepository,
  type StartLane,
  toStoredScore,
} from '@leadflow/persistence';
import {
  abandonedItems,
  type ActiveTriggers,
  LeadOutbox,
  outboxItem,
  scoreCalculatedEvent,
  WorkflowTriggers,
} from '@leadflow/qualification-runs';
import { ActiveRuleSet } from './active-rule-set';
import { calculateLead, entryBeforeFromLead, explanationOf, type ScoreExplanation } from './lead-calculation';
import { LeadSource, type ScoredLead, scoreStateOf } from './lead-source';
import { DISTRIBUTION_RANGES, type ScoreDistribution, toDistribution } from './score-distribution';

export interface CalculateOptions {
  explain?: boolean;
  now?: Date;
  /**
   * Names this calculation (a job's id and time): a second calculate with the same key, such as a retried
   * or stalled job run again, stores no second history entry but finds the first one's, like a bulk run's
   * `run_key`.
   */
  idempotencyKey?: string;
  /** which path of the relay starts the runs it fires (live unless it is part of a recalculation) */
  lane?: StartLane;
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
 * How often a calculation is made again when the lead changed between its read and its write. Each round
 * one of the writers racing for a lead wins, so this bounds the wait of the last of that many at once.
 */
const MAX_ATTEMPTS = 40;

/** A short, growing, jittered pause between attempts, so racing calculations spread out. */
function pauseBeforeAttempt(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 * attempt) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Scores leads: reads the lead, then its activities, scores them against the latest rule-set version (the
 * compiled fast path), resolves the stage from that version's criteria, and decides the workflow runs of
 * the score event. All of it is stored in one conditional write of the lead that succeeds only if the lead
 * is still at the revision it read (LeadsRepository.commitScore); otherwise it reads and calculates again.
 * The history entry, stage change and runs are then written from that decision (LeadOutbox). The math lives
 * in @leadflow/domain and @leadflow/engine; this is the I/O.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly leads: LeadSource,
    private readonly leadWrites: LeadsRepository,
    private readonly activeRuleSet: ActiveRuleSet,
    private readonly scores: LeadScoresRepository,
    private readonly stageHistory: StageHistoryRepository,
    private readonly triggers: WorkflowTriggers,
    private readonly outbox: LeadOutbox,
  ) {}

  async requireLead(leadId: number): Promise<ScoredLead> {
    const lead = await this.leads.find(leadId);
    if (!lead) throw leadNotFound(leadId);
    return lead;
  }

  async calculate(leadId: number, options: CalculateOptions = {}): Promise<Calculation> {
    const began = performance.now();
    // The active workflow definitions, read beside the lead rather than after the write.
    const activeTriggers = this.triggers.active(began);
    activeTriggers.catch(() => undefined);
    const key = options.idempotencyKey;
    if (key !== undefined) {
      const [earlier] = await this.scores.byRunKeys([key]);
      if (earlier) return { score: earlier, lead: await this.requireLead(leadId) };
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) await pauseBeforeAttempt(attempt);
      const calculation = await this.attempt(leadId, options, activeTriggers);
      if (calculation) return calculation;
    }
    throw new DomainError(
      ErrorCode.CONFLICT,
      `lead ${leadId} changed during each of ${MAX_ATTEMPTS} calculations; calculate it again`,
      [
        {
          pointer: '/lead_id',
          code: 'CONFLICT',
          message: `lead ${leadId} kept changing while it was scored`,
        },
      ],
    );
  }

  /**
   * One read, calculation and conditional write; null when the lead changed in between. The history entry
   * is sent beside the write (one round trip for both): a write that loses removes its entry again, and a
   * winner whose seq a loser's entry holds replaces it. A keyed calculation (a job) writes its entry after,
   * so that its key names a decided entry only.
   */
  private async attempt(
    leadId: number,
    options: CalculateOptions,
    activeTriggers: Promise<ActiveTriggers>,
  ): Promise<Calculation | null> {
    const [lead, latest] = await Promise.all([this.leads.find(leadId), this.activeRuleSet.current()]);
    let context = latest;
    if (!lead) throw leadNotFound(leadId);
    const key = options.idempotencyKey;
    const now = options.now ?? new Date();
    // Read after the lead: an activity is stored before its lead's inputs version moves, so every
    // activity up to the version read is in this read (and a later one makes the write below fail).
    // Beside it, the entry the lead names is written if its writer died before it could.
    const [activities] = await Promise.all([
      this.leads.activitiesOf(leadId),
      this.outbox.recordEntryOf(lead),
    ]);
    if (key !== undefined && lead.score_entry?.run_key === key) {
      // Another run of the same job won the lead: its entry is the answer.
      const [score] = await this.scores.byRunKeys([key]);
      if (score) return { score, lead };
    }
    // A calculation may not follow one made with a newer rule set (published after our read of it).
    if ((lead.score_rule_set_version ?? 0) > context.version) context = await this.activeRuleSet.current();
    const { fields, facts, result, stage } = calculateLead(
      this.activeRuleSet.registry,
      context,
      lead,
      activities,
      now,
      options.explain === true,
    );
    const entry: LeadScoreRecord = {
      ...entryAfter(await this.scores.nextId(), fields, entryBeforeFromLead(lead)),
      ...(key !== undefined ? { run_key: key } : {}),
    };
    // The decision reuses this calculation's facts. The one thing it needs fresh, the threshold memory, came
    // with the lead read above and is written back in the same conditional write: two calculations can
    // never both fire one crossing.
    const decision = this.triggers.decide(
      await activeTriggers,
      scoreCalculatedEvent(entry),
      facts,
      lead.trigger_states,
      options.lane ?? 'live',
    );
    const item = outboxItem({ stage_change: stageChangeOf(entry), runs: decision.runs }, now);
    const commit = {
      set: {
        ...scoreStateOf(entry),
        ...(decision.triggerStates ? { trigger_states: decision.triggerStates } : {}),
      },
      inputsChanged: false,
      ...(item ? { item } : {}),
    };
    const stored = toStoredScore(entry);
    if (key !== undefined) {
      if (!(await this.leadWrites.commitScore(leadId, revisionOf(lead), commit))) return null;
      await this.scores.insertDecided([stored]);
    } else {
      const [won, inserted] = await Promise.all([
        this.leadWrites.commitScore(leadId, revisionOf(lead), commit),
        this.scores.insertTentative(stored),
      ]);
      if (!won) {
        if (inserted) await this.scores.deleteTentative(entry.id);
        return null;
      }
      if (!inserted) await this.scores.replaceAt(stored);
    }
    const records = [...abandonedItems(lead, now), ...(item ? [{ lead_id: leadId, item }] : [])];
    if (records.length > 0) await this.outbox.flush(records);
    return {
      score: entry,
      lead,
      ...(result.explanation ? { explanation: explanationOf(result, stage) } : {}),
    };
  }

  /** The lead's history, newest first: up to its own current entry (later ones are tentative). */
  async history(
    leadId: number,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: LeadScoreRecord[] }> {
    const lead = await this.requireLead(leadId);
    await this.outbox.recordEntryOf(lead);
    return this.scores.history(leadId, skip, limit, lead.score_seq);
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
