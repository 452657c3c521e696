import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Collection, Model } from 'mongoose';

/**
 * Integer ids (the guide's `"id": 456`) for every entity.
 *
 * A counter document bumped with `$inc` hands out the next number; the update is atomic on MongoDB and on
 * the embedded FerretDB with our write-if-unchanged patch (test/integration/mongo-atomic-updates.test.ts).
 * The entity's own unique `id` index still guards every insert, so a server that ran `$inc` as a read and a
 * write (unpatched FerretDB v1) could never store a taken id: the losing insert gets duplicate-key error
 * 11000 and takes the next number. Ids stay unique and increasing; gaps are possible.
 */
@Schema({ versionKey: false })
class CounterDocument {
  /** the sequence's name */
  @Prop({ type: String })
  _id!: string;

  @Prop({ type: Number, required: true })
  seq!: number;
}

export const COUNTER_MODEL = 'Counter';

const counterSchema = SchemaFactory.createForClass(CounterDocument);

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

/**
 * One per process (SequentialIdsModule), shared by every repository: the blocks reserved by `fromBlock` are
 * this process's, whichever repository reserved them.
 */
@Injectable()
export class SequentialIds {
  /** Numbers reserved by `fromBlock` and not handed out yet, per sequence. */
  private readonly blocks = new Map<string, { next: number; last: number }>();
  /** The reservation of a new block in flight, per sequence, which every caller that runs dry waits for. */
  private readonly reserving = new Map<string, Promise<void>>();

  constructor(@InjectModel(COUNTER_MODEL) private readonly counters: Model<CounterDocument>) {}

  /** The highest number of the named sequence handed out (or reserved) so far; 0 before the first. */
  async last(sequence: string): Promise<number> {
    const counter = await this.counters.findOne({ _id: sequence }).lean<CounterDocument>();
    return counter?.seq ?? 0;
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
   * Reserves `count` consecutive numbers of the named sequence and returns the first, for batched inserts.
   * Callers still insert under the unique `id` index and re-reserve for the documents it refused, the guard
   * against a server whose `$inc` is not atomic (see above).
   */
  async reserve(sequence: string, count: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const counter = await this.counters
          .findOneAndUpdate(
            { _id: sequence },
            { $inc: { seq: count } },
            { upsert: true, returnDocument: 'after' },
          )
          .lean();
        return counter.seq - count + 1;
      } catch (error) {
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
    options: { block?: number } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const id = options.block ? await this.fromBlock(sequence, options.block) : await this.next(sequence);
      try {
        const created = await model.create({ ...fields, id });
        return created.toObject() as T;
      } catch (error) {
        // Another unique field (an email, say) is the caller's conflict; only a taken id is retried.
        const idTaken = isDuplicateKeyError(error) && (await model.exists({ id })) !== null;
        // A taken id means another process holds an overlapping block: leave the rest of ours to it.
        if (idTaken) this.blocks.delete(sequence);
        if (!idTaken || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The next number of a block of `size` reserved by this process, reserving a new block when it is used
   * up: one counter round trip per `size` inserts instead of one per insert. Ids stay unique, but no longer
   * follow time across processes, so only entities listed by another field (a sequence, a date) use it.
   */
  async fromBlock(sequence: string, size: number): Promise<number> {
    for (;;) {
      const block = this.blocks.get(sequence);
      if (block && block.next <= block.last) return block.next++;
      // One reservation at a time: callers that run dry together would each reserve a block of their own,
      // spending numbers and round trips that one shared reservation saves.
      let pending = this.reserving.get(sequence);
      if (!pending) {
        pending = this.reserve(sequence, size)
          .then((first) => {
            this.blocks.set(sequence, { next: first, last: first + size - 1 });
          })
          .finally(() => this.reserving.delete(sequence));
        this.reserving.set(sequence, pending);
      }
      await pending;
    }
  }

  /**
   * Inserts many documents in one round trip each time, numbering them from one reservation. Documents
   * refused because their id was taken (overlapping reservations) are renumbered and sent again; those
   * refused by another unique index come back in `refused`, for the caller to resolve. Documents are sent
   * as they are (no mongoose casting), so they must already hold their final values.
   */
  async insertMany<T extends { id: number }>(
    collection: Collection,
    sequence: string,
    documents: readonly Omit<T, 'id'>[],
  ): Promise<{ inserted: T[]; refused: Omit<T, 'id'>[] }> {
    const inserted: T[] = [];
    const refused: Omit<T, 'id'>[] = [];
    const withoutId = ({ id: _id, ...fields }: T) => fields;
    let pending = [...documents];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`no free ids left in sequence ${sequence}`);
      const first = await this.reserve(sequence, pending.length);
      const numbered = pending.map((fields, index) => ({ ...fields, id: first + index }) as T);
      const failedAt = await insertUnordered(collection, numbered);
      const failed = numbered.filter((_document, index) => failedAt.has(index));
      inserted.push(...numbered.filter((_document, index) => !failedAt.has(index)));
      if (failed.length === 0) break;
      const taken = new Set(
        (await collection.find({ id: { $in: failed.map((document) => document.id) } }).toArray()).map(
          (row) => row.id as number,
        ),
      );
      refused.push(...failed.filter((document) => !taken.has(document.id)).map(withoutId));
      pending = failed.filter((document) => taken.has(document.id)).map(withoutId);
    }
    return { inserted, refused };
  }
}

/** insertMany with ordered: false; the positions refused by a unique index (any other error throws). */
export async function insertUnordered(
  collection: Collection,
  documents: readonly object[],
): Promise<Set<number>> {
  try {
    await collection.insertMany(
      documents.map((document) => ({ ...document })),
      { ordered: false },
    );
    return new Set();
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0 || !list.every((entry) => isDuplicateKeyError(entry))) throw error;
    return new Set(list.map((entry) => (entry as { index: number }).index));
  }
}

/** The counters and the one SequentialIds of the process; every persistence module imports it. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: COUNTER_MODEL, schema: counterSchema, collection: 'counters' }]),
  ],
  providers: [SequentialIds],
  exports: [SequentialIds],
})
export class SequentialIdsModule {}
