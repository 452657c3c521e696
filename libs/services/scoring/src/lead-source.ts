import { Inject, Injectable } from '@nestjs/common';
import { scoreEntryCopyOf } from '@leadflow/qualification-runs';
import type { ActivityRecord, LeadRecord } from '@leadflow/domain';
import {
  ActivitiesRepository,
  type CurrentScoreFilter,
  type EntryRef,
  type LeadDocument,
  type LeadScoreRecord,
  type LeadScoreState,
  LeadsRepository,
  type ScoreRange,
  SERVER_PROFILE,
  type ServerProfile,
} from '@leadflow/persistence';

/** A stored lead as scoring reads it: its fields, and the revision a calculation is conditional on. */
export type ScoredLead = LeadRecord & LeadDocument;

/** "John Doe": first and last name, whichever are present. */
export function leadName(lead: ScoredLead): string {
  return [lead.first_name, lead.last_name].filter((part) => part !== null && part !== '').join(' ');
}

/** What a calculation writes onto its lead: the lead's copy of its newest calculation. */
export function scoreStateOf(entry: LeadScoreRecord): LeadScoreState {
  return {
    score: entry.score,
    score_breakdown: entry.score_breakdown,
    grade: entry.grade ?? null,
    qualification_stage: entry.qualification_stage,
    score_seq: entry.seq,
    score_id: entry.id,
    score_rule_set_version: entry.rule_set_version,
    score_entry: scoreEntryCopyOf(entry),
  };
}

/**
 * What scoring needs from leads and activities, over the leads module's repositories (which own their
 * storage): the lead, its activities, where the current score goes, and every lead id.
 */
@Injectable()
export class LeadSource {
  constructor(
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    @Inject(SERVER_PROFILE) private readonly server: ServerProfile,
  ) {}

  async find(id: number): Promise<ScoredLead | null> {
    const lead = await this.leads.findById(id);
    return lead ? { ...lead } : null;
  }

  async findMany(ids: readonly number[]): Promise<ScoredLead[]> {
    return (await this.leads.findByIds(ids)).map((lead) => ({ ...lead }));
  }

  /** The first `count` lead ids, ascending. */
  firstIds(count: number): Promise<number[]> {
    return this.leads.idsAfter(0, count);
  }

  activitiesOf(leadId: number): Promise<ActivityRecord[]> {
    return this.activities.allForLead(leadId);
  }

  activitiesOfMany(leadIds: readonly number[]): Promise<Map<number, ActivityRecord[]>> {
    return this.activities.allForLeads(leadIds);
  }

  /** The activities of `leadIds`, which all lie in [fromId, toId] (a chunk of a run over every lead). */
  activitiesInIdRange(
    leadIds: readonly number[],
    fromId: number,
    toId: number,
  ): Promise<Map<number, ActivityRecord[]>> {
    return this.activities.allForLeadRange(leadIds, fromId, toId);
  }

  /** Leads whose id lies in [fromId, toId]: one chunk of a run over every lead. */
  async findInIdRange(fromId: number, toId: number): Promise<ScoredLead[]> {
    return (await this.leads.findInIdRange(fromId, toId)).map((lead) => ({ ...lead }));
  }

  /**
   * Ids of every lead, ascending: what `recalculate_all` works through. Read a page of the server profile's
   * `idPage` at a time: large on the embedded server, which reads the whole collection for each page.
   */
  async allIds(): Promise<number[]> {
    const ids: number[] = [];
    const { idPage } = this.server;
    for (;;) {
      const page = await this.leads.idsAfter(ids.at(-1) ?? 0, idPage);
      ids.push(...page);
      if (page.length < idPage) return ids;
    }
  }

  /** Scored leads, highest current score first, each with the key of its current history entry. */
  async listScored(
    filter: CurrentScoreFilter,
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: { lead: ScoredLead; entry: EntryRef }[] }> {
    const { count, results } = await this.leads.listScored(filter, skip, limit);
    return {
      count,
      results: results.map((lead) => ({
        lead: { ...lead },
        entry: {
          lead_id: lead.id,
          seq: lead.score_seq,
          ...(typeof lead.score_id === 'number' ? { id: lead.score_id } : {}),
        },
      })),
    };
  }

  scoreCounts(ranges: readonly ScoreRange[]): Promise<{ counts: number[]; sum: number; total: number }> {
    return this.leads.scoreCounts(ranges);
  }

  count(): Promise<number> {
    return this.leads.count();
  }
}
