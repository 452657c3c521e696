import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { type EffectRecord, effectSchema } from './effect.schema';

export interface EffectKey {
  workflow_id: string;
  step_id: string;
}

/**
 * What `claim` found:
 * - `owned`: no attempt had claimed the key; this caller now owns the effect and must perform it.
 * - `completed`: an earlier attempt performed the effect; do nothing, report `summary`.
 * - `unfinished`: an earlier attempt claimed the key and never completed it (it crashed or timed out, maybe
 *   after the effect happened). The caller takes the claim over and performs the effect again, which each
 *   action makes safe with a deterministic key of its own (see temporal/activities).
 */
export type EffectClaim =
  { status: 'owned' } | { status: 'completed'; summary: string } | { status: 'unfinished'; claimed_at: Date };

/** The effect ledger of workflow actions, built on a unique index only (no atomic updates needed). */
@Injectable()
export class EffectLedgerRepository implements OnModuleInit {
  private readonly effects: Model<EffectRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.effects = connection.model<EffectRecord>('Effect', effectSchema, 'effect_ledger', {
      overwriteModels: true,
    });
  }

  /** Builds the unique index; a claim is only safe once it exists. */
  async onModuleInit(): Promise<void> {
    await this.effects.init();
  }

  async claim(
    key: EffectKey,
    details: { action_type: string; lead_id: number; now: Date },
  ): Promise<EffectClaim> {
    try {
      await this.effects.create({
        ...key,
        action_type: details.action_type,
        lead_id: details.lead_id,
        status: 'claimed',
        summary: null,
        claimed_at: details.now,
        completed_at: null,
      });
      return { status: 'owned' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.find(key);
    // The duplicate key says the record exists; it cannot vanish, the ledger is never pruned by this code.
    if (!existing) throw new Error(`effect ${key.workflow_id}/${key.step_id} claimed but not found`);
    if (existing.status === 'completed') return { status: 'completed', summary: existing.summary ?? '' };
    return { status: 'unfinished', claimed_at: existing.claimed_at };
  }

  /** Records that the effect happened. Only the attempt holding the claim calls it, so a plain write will do. */
  async complete(key: EffectKey, summary: string, now: Date): Promise<void> {
    await this.effects.updateOne(key, { $set: { status: 'completed', summary, completed_at: now } });
  }

  find(key: EffectKey): Promise<EffectRecord | null> {
    return this.effects
      .findOne({ workflow_id: key.workflow_id, step_id: key.step_id }, { _id: 0 })
      .lean<EffectRecord>()
      .exec();
  }
}
