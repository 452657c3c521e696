import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { type EffectRecord, EFFECT_MODEL } from './effect.schema';

export interface EffectKey {
  workflow_id: string;
  step_id: string;
}

/**
 * The effect ledger of workflow actions: one record per completed effect, written once the effect happened,
 * so an action costs one ledger read and one write. Records of status `claimed` were written by attempts
 * before this design and count as not completed.
 */
@Injectable()
export class EffectLedgerRepository implements OnModuleInit {
  constructor(@InjectModel(EFFECT_MODEL) private readonly effects: Model<EffectRecord>) {}

  /** Builds the unique index; a claim is only safe once it exists. */
  async onModuleInit(): Promise<void> {
    await this.effects.init();
  }

  /**
   * What an earlier attempt recorded: the summary of a completed effect, or null when no attempt completed it
   * (none ran, or one crashed or timed out, maybe after the effect happened). A read, not a claim: the caller
   * then performs the effect, which each action makes safe to redo with a deterministic key of its own (see
   * temporal/activities), and records it with `complete`.
   */
  async completedSummary(key: EffectKey): Promise<string | null> {
    const existing = await this.find(key);
    return existing?.status === 'completed' ? (existing.summary ?? '') : null;
  }

  /**
   * Records that the effect happened, as one insert: the usual case, and one statement on the embedded server
   * where an upsert is a read and a write in a transaction. Two attempts that both performed it (a timed-out
   * one still running beside its retry) record the same effect: whichever writes second finds the key taken
   * and leaves it, completing it only when it is a claim left by an earlier version.
   */
  async complete(
    key: EffectKey,
    details: { action_type: string; lead_id: number; started_at: Date },
    summary: string,
    now: Date,
  ): Promise<void> {
    const completed = { status: 'completed' as const, summary, completed_at: now };
    try {
      await this.effects.collection.insertOne({
        ...key,
        action_type: details.action_type,
        lead_id: details.lead_id,
        claimed_at: details.started_at,
        ...completed,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.effects.updateOne({ ...key, status: { $ne: 'completed' } }, { $set: completed });
    }
  }

  find(key: EffectKey): Promise<EffectRecord | null> {
    return this.effects
      .findOne({ workflow_id: key.workflow_id, step_id: key.step_id }, { _id: 0 })
      .lean<EffectRecord>()
      .exec();
  }
}
