import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';

/**
 * Integer ids (the guide's `"id": 456`) for every entity.
 *
 * A counter document bumped with `$inc` hands out the next number. FerretDB v1 runs `$inc`, conditional
 * updates and findAndModify as a read followed by a write, so concurrent callers can get the same number
 * (measured in test/integration/mongo-compat.test.ts). What both FerretDB and MongoDB do enforce atomically
 * is a unique index, so the entity's own unique `id` index is the guard: an insert that loses the race gets
 * duplicate-key error 11000 and takes the next number. Ids stay unique and increasing; gaps are possible.
 */
interface CounterDocument {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDocument>(
  { _id: String, seq: { type: Number, required: true } },
  { versionKey: false },
);

const MAX_ATTEMPTS = 50;

/** The part of a mongoose Model that `insert` uses; any model with a unique `id` index fits. */
export interface InsertTarget {
  create(document: object): Promise<{ toObject(): unknown }>;
  exists(filter: { id: number }): PromiseLike<unknown>;
}

/** Duplicate-key error 11000. FerretDB does not say which index, so callers that must know ask the data. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

export class SequentialIds {
  private readonly counters: Model<CounterDocument>;

  constructor(connection: Connection) {
    this.counters = connection.model<CounterDocument>('Counter', counterSchema, 'counters', {
      overwriteModels: true,
    });
  }

  /** The next number of the named sequence (1 for the first call). */
  async next(sequence: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const counter = await this.counters
          .findOneAndUpdate(
            { _id: sequence },
            { $inc: { seq: 1 } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean();
        return counter.seq;
      } catch (error) {
        // Two first-ever upserts of the same counter race on its _id; the loser simply tries again.
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Inserts `fields` with the next id of `sequence`, retrying with a later id when another insert took it.
   * The model must have a unique index on `id`.
   */
  async insert<T extends { id: number }>(
    model: InsertTarget,
    sequence: string,
    fields: Omit<T, 'id'>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const id = await this.next(sequence);
      try {
        const created = await model.create({ ...fields, id });
        return created.toObject() as T;
      } catch (error) {
        // Another unique field (an email, say) is the caller's conflict; only a taken id is retried.
        const idTaken = isDuplicateKeyError(error) && (await model.exists({ id })) !== null;
        if (!idTaken || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
