import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One assignment taken from a round-robin pool. Turns are numbered 1, 2, 3... per pool; `position` counts
 * places walked round the pool's member list (inactive members are walked past), so the member of a turn is
 * `pool[position % pool.length]`. The unique (pool_key, turn) index is the cursor: of two callers that read
 * the same last turn, only one can insert the next, and the other reads again. That needs no atomic update,
 * so it holds on any MongoDB-wire server (see sequential-ids.ts).
 */
@Schema({ versionKey: false })
export class RoundRobinTurnDocument {
  @Prop({ type: String, required: true })
  pool_key!: string;

  @Prop({ type: Number, required: true })
  turn!: number;

  @Prop({ type: Number, required: true })
  position!: number;

  @Prop({ type: Number, required: true })
  user_id!: number;

  /** `workflow_id/step_id` that took the turn, so a redone step gets the same member, not the next one */
  @Prop({ type: String, required: true })
  effect_key!: string;

  @Prop({ type: Date, required: true })
  taken_at!: Date;
}

export const ROUND_ROBIN_TURN_MODEL = 'RoundRobinTurn';

export const roundRobinTurnSchema = SchemaFactory.createForClass(RoundRobinTurnDocument);

roundRobinTurnSchema.index({ pool_key: 1, turn: 1 }, { unique: true });
roundRobinTurnSchema.index({ effect_key: 1 }, { unique: true });
