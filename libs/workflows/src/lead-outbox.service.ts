import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  LeadScoresRepository,
  LeadsRepository,
  type OutboxItem,
  StageHistoryRepository,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';

/** An item and the lead it belongs to. */
export interface LeadOutboxItem {
  lead_id: number;
  item: OutboxItem;
}

/** Items older than this, still on a lead, were left by a writer that died; whoever sees them writes them. */
export const ABANDONED_AFTER_MS = 10_000;

/** A new outbox item (its token is a field name: letters and digits only). */
export function outboxItem(parts: Omit<OutboxItem, 'token' | 'at'>, at: Date): OutboxItem {
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
    for (const lead of leads) {
      if (Object.keys(lead.outbox ?? {}).length === 0) await this.leads.undateEmptyOutbox(lead.id);
    }
    return items.length;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.removals);
  }

  private async writeRecords(items: readonly LeadOutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const entries = items.flatMap(({ item }) => (item.entry ? [item.entry] : []));
    const stageChanges = items.flatMap(({ item }) => (item.stage_change ? [item.stage_change] : []));
    const runs = items.flatMap(({ item }) => item.runs);
    // Independent records, sent together: one round trip of wall time.
    await Promise.all([
      this.scores.insertDecided(entries),
      stageChanges.length > 0 ? this.stageHistory.recordMany(stageChanges, true) : undefined,
      this.executions.recordPending(runs),
    ]);
  }
}
