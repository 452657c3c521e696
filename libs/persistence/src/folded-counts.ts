import type { Collection, Document, ObjectId } from 'mongodb';
import type { SchemaDefinition } from 'mongoose';
import { bulkWriteInBatches, type BulkWriteLimits } from './bulk-write';
import { EMBEDDED_SERVER } from './server-profile';
import { isDuplicateKeyError } from './sequential-ids';

/**
 * Counts of a collection by a key (executions per workflow and status), kept by the writes instead of
 * counted on every read: counting 100,000 documents per status on the embedded server takes seconds.
 *
 * The documents' own state is the truth; the counts follow it exactly, whatever crashes or races:
 * - every write that may change a document's key also sets `count_dirty` and increments `count_writes`, in
 *   the same single-document write (COUNT_TOUCH), so no change goes unnoticed;
 * - a fold reads dirty documents, and in ONE conditional write on the snapshot adds the deltas (from the key
 *   each was counted under, `count_key`, to its key now) and records the fold; only then it sets each
 *   document's `count_key` (never over a later fold's) and clears `count_dirty` where no write came after
 *   what it read. A fold that dies after the snapshot write is finished by the next one, so its deltas are
 *   applied once and its documents follow. Folds are serialized by the snapshot's `fold_seq`.
 * - a document is removed through `remove`: it is copied, bookkeeping and all, into `count_removals`
 *   before it is deleted (the delete only goes through if no fold touched it since the copy), and a fold
 *   that applies a key to a document applies it to its copy too; a later fold takes copies whose document is
 *   gone off the counts, under the key they were counted under, and deletes them.
 * - a read adds to the snapshot the documents still dirty, and takes off the removed ones not folded yet, so
 *   counts are exact as soon as writes are.
 */
export const COUNT_FIELDS_OF_NEW = { count_key: null, count_dirty: true, count_writes: 0, count_fold: 0 };

/** The bookkeeping fields each counted document carries beside its own, for its mongoose schema. */
export const countBookkeepingFields: SchemaDefinition = {
  count_key: { type: String, default: null },
  count_dirty: { type: Boolean, default: true },
  count_writes: { type: Number, default: 0 },
  count_fold: { type: Number, default: 0 },
};

/** The bookkeeping's field names: what views of counted documents leave out. */
export const COUNT_BOOKKEEPING_FIELDS: readonly string[] = Object.keys(countBookkeepingFields);

/** Merged into every update that may change a counted document's key. */
export const COUNT_TOUCH = { $set: { count_dirty: true }, $inc: { count_writes: 1 } } as const;

/** A fold written to the snapshot and not yet applied to its documents. */
interface PendingFold {
  seq: number;
  counted: { id: ObjectId; key: string | null; writes: number }[];
  /** copies of removed documents this fold took off the counts */
  removed?: ObjectId[];
}

/** A removed document's bookkeeping, kept until a fold has taken it off the counts. */
interface Removal {
  _id: ObjectId;
  counts: string;
  count_key: string | null;
  count_fold: number;
}

interface Snapshot {
  _id: string;
  counts: Record<string, number>;
  fold_seq: number;
  fold: PendingFold | null;
  /** the `keyFormat` its documents were last all counted under (missing: 1) */
  key_format?: number;
}

interface CountedFields {
  _id: ObjectId;
  count_key?: string | null;
  count_writes?: number;
}

export class FoldedCounts {
  constructor(
    private readonly name: string,
    private readonly documents: Collection,
    private readonly snapshots: Collection<Snapshot>,
    private readonly removals: Collection<Removal>,
    /** the key a document is counted under now (null: not counted), from the fields in `keyFields` */
    private readonly keyOf: (document: Document) => string | null,
    private readonly keyFields: readonly string[],
    /**
     * Raised when `keyOf` changes what it returns: at start every document is marked once, so folds move it
     * from the key it was counted under to its new one (the snapshot holds both kinds until they have).
     */
    private readonly keyFormat = 1,
    /** the batches of a fold's writes: the server profile's (the embedded server's unless given) */
    private readonly limits: BulkWriteLimits = EMBEDDED_SERVER,
  ) {}

  /**
   * At start: marks documents stored before counting began as dirty, so the first folds count them, and all
   * of them when the key format is newer than the snapshot's. Idempotent, and safe beside running folds: a
   * mark only ever makes a document be counted again.
   */
  async adoptUncounted(): Promise<void> {
    await this.documents.updateMany({ count_dirty: { $exists: false } }, { $set: COUNT_FIELDS_OF_NEW });
    if (((await this.snapshot()).key_format ?? 1) >= this.keyFormat) return;
    await this.documents.updateMany({}, COUNT_TOUCH);
    await this.snapshots.updateOne({ _id: this.name }, { $max: { key_format: this.keyFormat } });
  }

  /** Folds up to `limit` dirty documents into the snapshot; how many it folded (0: none, or another won). */
  async fold(limit = 2000): Promise<number> {
    const snapshot = await this.snapshot();
    if (snapshot.fold) await this.finish(snapshot.fold);
    const dirty = await this.documents
      .find<Document & CountedFields>({ count_dirty: true }, { projection: this.projection() })
      .limit(limit)
      .toArray();
    // A document read dirty and removed since is left to a later fold, which finds its copy with the key
    // this fold gives it; taken off here too, it would be taken off twice.
    const dirtyIds = new Set(dirty.map((document) => String(document._id)));
    const removed = (await this.goneRemovals(limit)).filter((copy) => !dirtyIds.has(String(copy._id)));
    if (dirty.length === 0 && removed.length === 0) return 0;
    const deltas = new Map<string, number>();
    const move = (key: string | null | undefined, by: number) => {
      if (key !== null && key !== undefined) deltas.set(key, (deltas.get(key) ?? 0) + by);
    };
    const counted = dirty.map((document) => {
      const key = this.keyOf(document);
      move(document.count_key, -1);
      move(key, 1);
      return { id: document._id, key, writes: document.count_writes ?? 0 };
    });
    for (const removal of removed) move(removal.count_key, -1);
    const fold: PendingFold = {
      seq: snapshot.fold_seq + 1,
      counted,
      removed: removed.map((removal) => removal._id),
    };
    const inc = Object.fromEntries(
      [...deltas].filter(([, by]) => by !== 0).map(([key, by]) => [`counts.${key}`, by]),
    );
    const won = await this.snapshots.updateOne(
      { _id: this.name, fold_seq: snapshot.fold_seq, fold: null },
      { $inc: { ...inc, fold_seq: 1 }, $set: { fold } },
    );
    if (won.modifiedCount !== 1) return 0;
    await this.finish(fold);
    return dirty.length + removed.length;
  }

  /** Deletes the document `filter` matches, keeping the counts in line (see above); false when there is none. */
  async remove(filter: Document): Promise<boolean> {
    for (;;) {
      const found = await this.documents.findOne<CountedFields & { count_fold?: number }>(filter, {
        projection: { count_key: 1, count_fold: 1 },
      });
      if (!found) return false;
      const fold = found.count_fold ?? 0;
      try {
        await this.removals.replaceOne(
          { _id: found._id },
          { counts: this.name, count_key: found.count_key ?? null, count_fold: fold },
          { upsert: true },
        );
      } catch (error) {
        // Two removals of one document upserted its copy at once: the other made it; go round again.
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      // A fold that gave it a key in between moved count_fold (and the copy's key): copy again.
      const deleted = await this.documents.deleteOne({ _id: found._id, count_fold: fold });
      if (deleted.deletedCount === 1) return true;
    }
  }

  /** Copies whose document is gone (a copy whose document is still there is a removal under way). */
  private async goneRemovals(limit: number): Promise<Removal[]> {
    const copies = await this.removals.find({ counts: this.name }).limit(limit).toArray();
    if (copies.length === 0) return [];
    const present = await this.documents
      .find({ _id: { $in: copies.map((copy) => copy._id) } }, { projection: { _id: 1 } })
      .toArray();
    const stillThere = new Set(present.map((document) => String(document._id)));
    return copies.filter((copy) => !stillThere.has(String(copy._id)));
  }

  /** Counts per key: the snapshot, corrected by the documents changed since the last fold. */
  async read(): Promise<Map<string, number>> {
    const [snapshot, dirty, removed] = await Promise.all([
      this.snapshot(),
      this.documents
        .find<Document & CountedFields>({ count_dirty: true }, { projection: this.projection() })
        .toArray(),
      this.goneRemovals(0),
    ]);
    const counts = new Map(Object.entries(snapshot.counts));
    const inPendingFold = new Map(snapshot.fold?.counted.map((entry) => [String(entry.id), entry.key]));
    const move = (key: string | null | undefined, by: number) => {
      if (key !== null && key !== undefined) counts.set(key, (counts.get(key) ?? 0) + by);
    };
    for (const document of dirty) {
      const id = String(document._id);
      move(inPendingFold.has(id) ? inPendingFold.get(id) : document.count_key, -1);
      move(this.keyOf(document), 1);
    }
    const skip = new Set(
      [...(snapshot.fold?.removed ?? []), ...dirty.map((document) => document._id)].map(String),
    );
    for (const removal of removed) {
      const id = String(removal._id);
      if (!skip.has(id)) move(inPendingFold.has(id) ? inPendingFold.get(id) : removal.count_key, -1);
    }
    return counts;
  }

  private projection(): Record<string, 1> {
    return Object.fromEntries(
      [...this.keyFields, 'count_key', 'count_writes'].map((field) => [field, 1 as const]),
    );
  }

  private async snapshot(): Promise<Snapshot> {
    const found = await this.snapshots.findOne({ _id: this.name });
    if (found) return found;
    await this.snapshots
      .insertOne({ _id: this.name, counts: {}, fold_seq: 0, fold: null, key_format: this.keyFormat })
      .catch(() => undefined); // another process made it first
    return (await this.snapshots.findOne({ _id: this.name })) as Snapshot;
  }

  /** Applies a fold written to the snapshot to its documents, then marks it applied. Idempotent. */
  private async finish(fold: PendingFold): Promise<void> {
    // A later fold's key is never overwritten by a slow earlier one.
    const notLater = (entry: PendingFold['counted'][number]) => ({
      _id: entry.id,
      count_fold: { $lt: fold.seq },
    });
    const keyOf = (entry: PendingFold['counted'][number]) => ({
      count_key: entry.key,
      count_fold: fold.seq,
    });
    // Each document gets its key and, when nothing was written to it since the fold read it, is clean again:
    // one write per document and fold. Those written to since get the key alone, in a second pass over just
    // them: found with one read, as a statement per document costs the embedded server far more than a
    // document more in one query.
    const { modified } = await bulkWriteInBatches(
      this.documents,
      fold.counted.map((entry) => ({
        updateOne: {
          filter: { ...notLater(entry), count_writes: entry.writes },
          update: { $set: { ...keyOf(entry), count_dirty: false } },
        },
      })),
      this.limits,
    );
    if (modified < fold.counted.length) {
      const behind = await this.documents
        .find(
          { _id: { $in: fold.counted.map((entry) => entry.id) }, count_fold: { $lt: fold.seq } },
          { projection: { _id: 1 } },
        )
        .toArray();
      const left = new Set(behind.map((document) => String(document._id)));
      await bulkWriteInBatches(
        this.documents,
        fold.counted
          .filter((entry) => left.has(String(entry.id)))
          .map((entry) => ({ updateOne: { filter: notLater(entry), update: { $set: keyOf(entry) } } })),
        this.limits,
      );
    }
    // Then the copies of documents removed meanwhile, so that they come off under this key. In this order:
    // a copy made after the documents' update holds the key already, and a removal that copied before it
    // finds its delete refused (count_fold moved) and copies again.
    const copies = await this.removals
      .find({ _id: { $in: fold.counted.map((entry) => entry.id) } }, { projection: { _id: 1 } })
      .toArray();
    const copied = new Set(copies.map((copy) => String(copy._id)));
    await bulkWriteInBatches(
      this.removals,
      fold.counted
        .filter((entry) => copied.has(String(entry.id)))
        .map((entry) => ({ updateOne: { filter: notLater(entry), update: { $set: keyOf(entry) } } })),
      this.limits,
    );
    if (fold.removed && fold.removed.length > 0)
      await this.removals.deleteMany({ _id: { $in: fold.removed } });
    await this.snapshots.updateOne({ _id: this.name, 'fold.seq': fold.seq }, { $set: { fold: null } });
  }
}
