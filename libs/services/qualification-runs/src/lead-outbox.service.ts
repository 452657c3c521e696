import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type LeadScoreRecord,
  LeadScoresRepository,
  LeadsRepository,
  type MatchedRuleRecord,
  type OutboxItem,
  type RuleSetVersionRecord,
  RuleSetVersionsRepository,
  type ScoreEntryCopy,
  stageChangeOf,
  StageHistoryRepository,
  type StoredLeadScore,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';

/** An item and the lead it belongs to. */
export interface LeadOutboxItem {
  lead_id: number;
  item: OutboxItem;
}

/** What a lead says of its newest history entry. */
interface EntryNamer {
  score_id: number | null;
  score_entry?: ScoreEntryCopy | null;
}

/** Items older than this, still on a lead, were left by a writer that died; whoever sees them writes them. */
export const ABANDONED_AFTER_MS = 10_000;

/** The lead's compact copy of a history entry (see ScoreEntryCopy). */
export function scoreEntryCopyOf(entry: LeadScoreRecord): ScoreEntryCopy {
  const { matched_rules: matched, stage_reasons: _reasons, ...rest } = entry;
  return { ...rest, matched: matched.map((rule) => `${rule.rule_id}:${rule.points}`).join(';') };
}

/**
 * A history entry recovered from the lead's copy when its writer died before writing it: the matched rules'
 * names and categories come from the entry's rule-set version (immutable); their decay details and the stage
 * reasons are not kept, and `stage_reasons` says so.
 */
export function entryFromCopy(entry: ScoreEntryCopy, version: RuleSetVersionRecord | null): StoredLeadScore {
  const rules = new Map((version?.rules ?? []).map((rule) => [String(rule.id), rule]));
  const { matched, ...rest } = entry;
  const matchedRules: MatchedRuleRecord[] = (matched === '' ? [] : matched.split(';')).map((pair) => {
    const [ruleId = '', points = '0'] = pair.split(':');
    const rule = rules.get(ruleId);
    return {
      rule_id: ruleId,
      name: rule?.name ?? `rule ${ruleId}`,
      category: rule?.rule_type ?? 'demographic',
      points: Number(points),
    };
  });
  return {
    ...rest,
    matched_rules_json: JSON.stringify(matchedRules),
    stage_reasons: ['recorded after its calculation was interrupted: stage reasons were not kept'],
  };
}

/**
 * A new outbox item (its token is a field name: letters and digits only); undefined when the change decided
 * nothing beyond itself, as most calculations do.
 */
export function outboxItem(parts: Omit<OutboxItem, 'token' | 'at'>, at: Date): OutboxItem | undefined {
  if (parts.runs.length === 0 && !parts.stage_change) return undefined;
  return { token: `o${randomBytes(8).toString('hex')}`, at, ...parts };
}

/** The items of a lead as read that a dead writer left behind (see ABANDONED_AFTER_MS). */
export function abandonedItems(
  lead: { id: number; outbox?: Record<string, OutboxItem> | null },
  now: Date,
): LeadOutboxItem[] {
  return Object.values(lead.outbox ?? {})
    .filter((item) => now.getTime() - new Date(item.at).getTime() >= ABANDONED_AFTER_MS)
    .map((item) => ({ lead_id: lead.id, item }));
}

/**
 * Writes the records that changes of leads decided (stage changes, pending workflow runs) and then removes
 * the decisions from their leads; recovers a history entry whose writer died. Every record is unique by its key, so an item written
 * twice (by its writer and by the sweep, say) is stored once.
 */
@Injectable()
export class LeadOutbox implements OnApplicationShutdown {
  private readonly logger = new Logger('lead-outbox');
  /** Removals not awaited by the request that caused them, awaited at shutdown. */
  private readonly removals = new Set<Promise<void>>();

  constructor(
    private readonly leads: LeadsRepository,
    private readonly scores: LeadScoresRepository,
    private readonly stageHistory: StageHistoryRepository,
    private readonly executions: WorkflowExecutionsRepository,
    private readonly versions: RuleSetVersionsRepository,
  ) {}

  /**
   * The items' records, written; their removal from the leads is started and not waited for (it is only
   * bookkeeping: an item left behind is written again, to no effect, by the next writer or the sweep).
   */
  async flush(items: readonly LeadOutboxItem[]): Promise<void> {
    await this.writeRecords(items);
    const removal = this.leads
      .clearOutbox(items.map(({ lead_id, item }) => ({ lead_id, token: item.token })))
      .catch((error: unknown) => {
        this.logger.warn(`outbox items of ${items.length} changes stay for the sweep: ${String(error)}`);
      });
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }

  /** flush, waiting for the removal too (the sweep and bulk chunks, which are not in a hurry). */
  async flushAndClear(items: readonly LeadOutboxItem[]): Promise<void> {
    await this.writeRecords(items);
    await this.leads.clearOutbox(items.map(({ lead_id, item }) => ({ lead_id, token: item.token })));
  }

  /**
   * Writes the lead's newest history entry when the lead names one that is not stored: its writer died
   * between the lead's write and the entry's (they are sent together). Recovered from the lead's copy, with
   * the stage change it made.
   */
  recordEntryOf(lead: EntryNamer): Promise<void> {
    return this.recordEntriesOf([lead]);
  }

  /**
   * A bulk chunk's history entries with their stage changes, the changes first: a stored entry has its stage
   * change, so recovering an entry that is not stored (recordEntriesOf) recovers the change too.
   */
  async recordEntries(entries: readonly StoredLeadScore[]): Promise<void> {
    await this.stageHistory.recordMany(entries.flatMap((entry) => stageChangeOf(entry) ?? []));
    await this.scores.insertDecided(entries);
  }

  /** recordEntryOf for many leads (a bulk chunk's), with one read of which entries are stored. */
  async recordEntriesOf(leads: readonly EntryNamer[]): Promise<void> {
    const copies = leads.flatMap((lead) =>
      lead.score_entry && lead.score_id === lead.score_entry.id ? [lead.score_entry] : [],
    );
    if (copies.length === 0) return;
    const stored = await this.scores.storedIds(copies.map((copy) => copy.id));
    const missing = copies.filter((copy) => !stored.has(copy.id));
    if (missing.length === 0) return;
    const versions = new Map<number, RuleSetVersionRecord | null>();
    for (const version of new Set(missing.map((copy) => copy.rule_set_version))) {
      versions.set(version, await this.versions.find(version));
    }
    await this.recordEntries(
      missing.map((copy) => entryFromCopy(copy, versions.get(copy.rule_set_version) ?? null)),
    );
  }

  /**
   * Writes every item older than ABANDONED_AFTER_MS that is still on a lead, up to `limit` leads: what
   * writers that died between their decision and its records left. Returns how many items it wrote.
   */
  async sweep(now: Date, limit: number): Promise<number> {
    const leads = await this.leads.staleOutboxes(new Date(now.getTime() - ABANDONED_AFTER_MS), limit);
    const items = leads.flatMap((lead) => abandonedItems(lead, now));
    if (items.length > 0) await this.flushAndClear(items);
    return items.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.removals);
  }

  private async writeRecords(items: readonly LeadOutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const stageChanges = items.flatMap(({ item }) => (item.stage_change ? [item.stage_change] : []));
    const runs = items.flatMap(({ item }) => item.runs);
    // Independent records, sent together: one round trip of wall time.
    await Promise.all([this.stageHistory.recordMany(stageChanges), this.executions.recordPending(runs)]);
  }
}
