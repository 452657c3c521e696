import { Injectable } from '@nestjs/common';
import type { BulkScoringChunkJob } from '@leadflow/jobs';
import {
  type LeadScoreRecord,
  RunScoresRepository,
  type StageChangeRecord,
  StageHistoryRepository,
} from '@leadflow/persistence';
import { LeadEvents } from '@leadflow/workflows';
import { ActiveRuleSet } from './active-rule-set';
import { calculateLead, entryBeforeFromLead } from './lead-calculation';
import { LeadSource, type ScoredLead, scoreStateOf } from './lead-source';
import { stageChangeOf } from './stage-change';

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

function stageChanges(entries: readonly LeadScoreRecord[]): Omit<StageChangeRecord, 'id'>[] {
  return entries.flatMap((entry) => stageChangeOf(entry) ?? []);
}

/**
 * Scores one chunk of a bulk run with batched I/O: one read of the leads, one of their activities, the
 * compiled rule set of the run's version, one insertMany of history entries (unique per lead and run, so a
 * redone chunk adds nothing), stage changes in one insert, lead copies in one bulkWrite, and the workflow
 * triggers for the whole chunk (the same decisions a single calculation gets).
 */
@Injectable()
export class BulkScorer {
  constructor(
    private readonly leads: LeadSource,
    private readonly activeRuleSet: ActiveRuleSet,
    private readonly runScores: RunScoresRepository,
    private readonly stageHistory: StageHistoryRepository,
    private readonly leadEvents: LeadEvents,
  ) {}

  async scoreChunk(chunk: BulkScoringChunkJob): Promise<ChunkOutcome> {
    const now = new Date(chunk.calculated_at);
    const clock = phaseClock();
    const [leads, context] = await Promise.all([
      this.chunkLeads(chunk),
      this.activeRuleSet.at(chunk.rule_set_version),
    ]);
    const requested = chunk.lead_ids ? new Set(chunk.lead_ids).size : leads.length;
    if (leads.length === 0) return { processed: requested, failed: requested };
    clock.lap('read_leads');
    const activities = await this.chunkActivities(
      chunk,
      leads.map((lead) => lead.id),
    );
    clock.lap('read_activities');

    const calculations = leads.map((lead) => ({
      fields: calculateLead(this.activeRuleSet.registry, context, lead, activities.get(lead.id) ?? [], now)
        .fields,
      previous: entryBeforeFromLead(lead),
    }));
    clock.lap('score');
    const { created, earlier } = await this.runScores.appendForRun(chunk.run_id, calculations);
    clock.lap('write_scores');
    const entries = [...created, ...earlier];
    await Promise.all([
      this.stageHistory.recordMany(stageChanges(created), false),
      this.stageHistory.recordMany(stageChanges(earlier), true),
      this.leads.recordScores(
        entries.map((entry) => ({ leadId: entry.lead_id, state: scoreStateOf(entry) })),
      ),
    ]);
    clock.lap('write_stages_and_leads');
    await this.leadEvents.scoresCalculated(entries);
    clock.lap('triggers');
    return { processed: requested, failed: requested - leads.length, phases_ms: clock.phases };
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
