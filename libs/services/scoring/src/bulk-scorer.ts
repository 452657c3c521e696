import { Injectable } from '@nestjs/common';
import type { BulkScoringChunkJob } from '@leadflow/jobs';
import {
  entryAfter,
  type LeadScoreRecord,
  LeadScoresRepository,
  LeadsRepository,
  revisionOf,
  runKey,
  toStoredScore,
} from '@leadflow/persistence';
import {
  abandonedItems,
  LeadOutbox,
  outboxItem,
  scoreCalculatedEvent,
  WorkflowTriggers,
} from '@leadflow/qualification-runs';
import { ActiveRuleSet } from './active-rule-set';
import { calculateLead, entryBeforeFromLead } from './lead-calculation';
import { LeadSource, type ScoredLead, scoreStateOf } from './lead-source';

/** What one chunk did: leads it was asked for, and those it could not score (missing leads). */
export interface ChunkOutcome {
  processed: number;
  failed: number;
  /** wall time of each phase, for the benchmark's profile: read, score, write, triggers */
  phases_ms?: Record<string, number>;
}

/** Times the phases of one chunk, one after another. */
function phaseClock(): { lap(name: string): void; phases: Record<string, number> } {
  const phases: Record<string, number> = {};
  let last = performance.now();
  return {
    phases,
    lap(name) {
      const now = performance.now();
      phases[name] = Math.round(now - last);
      last = now;
    },
  };
}

/**
 * Scores one chunk of a bulk run with batched I/O: one read of the leads, one of their activities, the
 * compiled rule set of the run's version, and each lead's calculation and trigger decision written onto the
 * lead in one bulk of conditional writes (LeadsRepository.commitScores), as a single calculation does it.
 * A lead that changed during the chunk keeps its newer state: the change queued its own rescoring. Entries
 * are unique per lead and run (`run_key`), so a redone chunk adds nothing.
 */
@Injectable()
export class BulkScorer {
  constructor(
    private readonly leads: LeadSource,
    private readonly leadWrites: LeadsRepository,
    private readonly activeRuleSet: ActiveRuleSet,
    private readonly scores: LeadScoresRepository,
    private readonly triggers: WorkflowTriggers,
    private readonly outbox: LeadOutbox,
  ) {}

  async scoreChunk(chunk: BulkScoringChunkJob): Promise<ChunkOutcome> {
    const now = new Date(chunk.calculated_at);
    const clock = phaseClock();
    const began = performance.now();
    const [leads, context, activeTriggers] = await Promise.all([
      this.chunkLeads(chunk),
      this.activeRuleSet.at(chunk.rule_set_version),
      this.triggers.active(began),
    ]);
    const requested = chunk.lead_ids ? new Set(chunk.lead_ids).size : leads.length;
    if (leads.length === 0) return { processed: requested, failed: requested };
    clock.lap('read_leads');
    const [activities, done] = await Promise.all([
      this.chunkActivities(
        chunk,
        leads.map((lead) => lead.id),
      ),
      this.scoredInRun(chunk.run_id, leads),
    ]);
    clock.lap('read_activities');

    // Not again: leads this run scored already (a chunk done twice), and leads a newer rule set scored.
    const due = leads.filter(
      (lead) => !done.has(lead.id) && (lead.score_rule_set_version ?? 0) <= chunk.rule_set_version,
    );
    const ids = await this.scores.nextIds(due.length);
    // Items are dated when they are put on the leads, not at the run's calculation time: a chunk written
    // minutes into a long run would otherwise look abandoned at once, and the outbox sweep would write its
    // records a second time beside this writer.
    const itemsAt = new Date();
    const decided = due.map((lead, index) => {
      const { fields, facts } = calculateLead(
        this.activeRuleSet.registry,
        context,
        lead,
        activities.get(lead.id) ?? [],
        now,
      );
      const entry: LeadScoreRecord = {
        ...entryAfter(ids[index] ?? 0, fields, entryBeforeFromLead(lead)),
        run_key: runKey(chunk.run_id, lead.id),
      };
      const decision = this.triggers.decide(
        activeTriggers,
        scoreCalculatedEvent(entry),
        facts,
        lead.trigger_states,
        'bulk',
      );
      // Only runs go through the outbox: the stage change is written with the entry, and recovered with it
      // from the lead's copy (LeadOutbox.recordEntries), which saves a second write of every lead that
      // changed stage.
      const item = outboxItem({ runs: decision.runs }, itemsAt);
      const set = {
        ...scoreStateOf(entry),
        ...(decision.triggerStates ? { trigger_states: decision.triggerStates } : {}),
      };
      return { lead, item, entry, commit: { set, inputsChanged: false, ...(item ? { item } : {}) } };
    });
    clock.lap('score');
    const won = await this.leadWrites.commitScores(
      decided.map(({ lead, commit }) => ({ id: lead.id, expected: revisionOf(lead), commit })),
    );
    clock.lap('write_leads');
    const written = decided.filter(({ lead }) => won.has(lead.id));
    await Promise.all([
      this.outbox.recordEntries(written.map(({ entry }) => toStoredScore(entry))),
      this.outbox.flushAndClear([
        ...leads.flatMap((lead) => abandonedItems(lead, new Date())),
        ...written.flatMap(({ lead, item }) => (item ? [{ lead_id: lead.id, item }] : [])),
      ]),
    ]);
    clock.lap('write_records');
    return { processed: requested, failed: requested - leads.length, phases_ms: clock.phases };
  }

  /**
   * Leads of the chunk this run has scored already (a chunk done twice): their entries are stored, or
   * the lead names one its earlier attempt wrote the lead for and died before storing (recorded now).
   */
  private async scoredInRun(runId: string, leads: readonly ScoredLead[]): Promise<Set<number>> {
    await this.outbox.recordEntriesOf(leads);
    const stored = await this.scores.byRunKeys(leads.map((lead) => runKey(runId, lead.id)));
    return new Set(stored.map((entry) => entry.lead_id));
  }

  private chunkLeads(chunk: BulkScoringChunkJob): Promise<ScoredLead[]> {
    if (chunk.lead_ids) return this.leads.findMany([...new Set(chunk.lead_ids)]);
    return this.leads.findInIdRange(chunk.from_id ?? 0, chunk.to_id ?? 0);
  }

  /** The leads' activities, read by the chunk's id range when it is one (the cheaper query). */
  private chunkActivities(chunk: BulkScoringChunkJob, leadIds: readonly number[]) {
    if (chunk.lead_ids) return this.leads.activitiesOfMany(leadIds);
    return this.leads.activitiesInIdRange(leadIds, chunk.from_id ?? 0, chunk.to_id ?? 0);
  }
}
