import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type LeadScoreRecord,
  LeadScoresRepository,
  LeadsRepository,
  type MatchedRuleRecord,
  type OutboxEntry,
  type OutboxItem,
  type RuleSetVersionRecord,
  RuleSetVersionsRepository,
  StageHistoryRepository,
  type StoredLeadScore,
  toStoredScore,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';

/**
 * An item and the lead it belongs to; `entry` is the whole history entry when its writer still holds it
 * (the item keeps a compact copy, see OutboxEntry).
 */
export interface LeadOutboxItem {
  lead_id: number;
  item: OutboxItem;
  entry?: LeadScoreRecord;
}

/** Items older than this, still on a lead, were left by a writer that died; whoever sees them writes them. */
export const ABANDONED_AFTER_MS = 10_000;

/** The compact copy of a history entry that goes into an outbox item. */
export function outboxEntryOf(entry: LeadScoreRecord): OutboxEntry {
  const { matched_rules: matched, stage_reasons: _reasons, ...rest } = entry;
  return { ...rest, matched: matched.map((rule) => `${rule.rule_id}:${rule.points}`).join(';') };
}

/**
 * A history entry recovered from an outbox item its writer did not record: the matched rules' names and
 * categories come from the entry's rule-set version (immutable); their decay details and the stage reasons
 * are not kept, and `stage_reasons` says so.
 */
export function entryFromOutbox(entry: OutboxEntry, version: RuleSetVersionRecord | null): StoredLeadScore {
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

/** A new outbox item (its token is a field name: letters and digits only). */
export function outboxItem(
  parts: { entry?: LeadScoreRecord; stage_change?: OutboxItem['stage_change']; runs: OutboxItem['runs'] },
  at: Date,
): OutboxItem {
  const { entry, ...rest } = parts;
  return {
    token: `o${randomBytes(8).toString('hex')}`,
    at,
    ...rest,
    ...(entry ? { entry: outboxEntryOf(entry) } : {}),
  };
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
 * Writes the records that changes of leads decided (history entries, stage changes, pending workflow runs)
 * and then removes the decisions from their leads. Every record is unique by its key, so an item written
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
   * Writes every item older than ABANDONED_AFTER_MS that is still on a lead, up to `limit` leads: what
   * writers that died between their decision and its records left. Returns how many items it wrote.
   */
  async sweep(now: Date, limit: number): Promise<number> {
    const leads = await this.leads.staleOutboxes(new Date(now.getTime() - ABANDONED_AFTER_MS), limit);
    const items = leads.flatMap((lead) => abandonedItems(lead, now));
    if (items.length > 0) await this.flushAndClear(items);
    await this.leads.undateEmptyOutboxes(
      leads.filter((lead) => Object.keys(lead.outbox ?? {}).length === 0).map((lead) => lead.id),
    );
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
    await Promise.all([
      this.entriesOf(items).then((entries) => this.scores.insertDecided(entries)),
      stageChanges.length > 0 ? this.stageHistory.recordMany(stageChanges, true) : undefined,
      this.executions.recordPending(runs),
    ]);
  }

  /** The history entries of the items: as their writer holds them, or recovered from the compact copy. */
  private async entriesOf(items: readonly LeadOutboxItem[]): Promise<StoredLeadScore[]> {
    const held = items.flatMap(({ entry }) => (entry ? [toStoredScore(entry)] : []));
    const left = items.flatMap(({ item, entry }) => (!entry && item.entry ? [item.entry] : []));
    if (left.length === 0) return held;
    const versions = new Map<number, RuleSetVersionRecord | null>();
    for (const version of new Set(left.map((entry) => entry.rule_set_version))) {
      versions.set(version, await this.versions.find(version));
    }
    return [
      ...held,
      ...left.map((entry) => entryFromOutbox(entry, versions.get(entry.rule_set_version) ?? null)),
    ];
  }
}
