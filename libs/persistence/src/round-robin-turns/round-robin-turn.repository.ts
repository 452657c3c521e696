import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { type RoundRobinTurnDocument, ROUND_ROBIN_TURN_MODEL } from './round-robin-turn.schema';

/** The member a caller picks for the next turn, given the previous turn of the pool (null for the first). */
export type PickNextMember = (
  previous: Pick<RoundRobinTurnDocument, 'turn' | 'position'> | null,
) => Promise<{ position: number; user_id: number } | null>;

// Each lost race means another caller took a turn, so this bounds the callers racing for one pool at once.
const MAX_ATTEMPTS = 200;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

@Injectable()
export class RoundRobinTurnsRepository implements OnModuleInit {
  constructor(@InjectModel(ROUND_ROBIN_TURN_MODEL) private readonly turns: Model<RoundRobinTurnDocument>) {}

  async onModuleInit(): Promise<void> {
    await this.turns.init();
  }

  /**
   * Takes the pool's next turn for `effectKey`, or returns the turn it took before (a redone step). `pick`
   * chooses the member from the previous turn; null from `pick` (nobody can take it) takes no turn.
   */
  async takeTurn(
    poolKey: string,
    effectKey: string,
    pick: PickNextMember,
    now: Date,
  ): Promise<RoundRobinTurnDocument | null> {
    for (let attempt = 1; ; attempt++) {
      const taken = await this.findByEffectKey(effectKey);
      if (taken) return taken;
      const previous = await this.turns
        .findOne({ pool_key: poolKey }, { _id: 0, turn: 1, position: 1 })
        .sort({ turn: -1 })
        .lean<Pick<RoundRobinTurnDocument, 'turn' | 'position'>>()
        .exec();
      const next = await pick(previous);
      if (!next) return null;
      const turn: RoundRobinTurnDocument = {
        pool_key: poolKey,
        turn: (previous?.turn ?? 0) + 1,
        position: next.position,
        user_id: next.user_id,
        effect_key: effectKey,
        taken_at: now,
      };
      try {
        await this.turns.create(turn);
        return turn;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
        // Lost the race for this turn; a short random pause keeps the losers from colliding in lockstep.
        await pause(Math.floor(Math.random() * 5 * Math.min(attempt, 10)));
      }
    }
  }

  findByEffectKey(effectKey: string): Promise<RoundRobinTurnDocument | null> {
    return this.turns.findOne({ effect_key: effectKey }, { _id: 0 }).lean<RoundRobinTurnDocument>().exec();
  }

  forPool(poolKey: string): Promise<RoundRobinTurnDocument[]> {
    return this.turns
      .find({ pool_key: poolKey }, { _id: 0 })
      .sort({ turn: 1 })
      .lean<RoundRobinTurnDocument[]>()
      .exec();
  }
}
