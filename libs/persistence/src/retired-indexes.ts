import type { Collection } from 'mongoose';

/** MongoDB's codes for "no such index" and "no such collection": nothing left to drop. */
const NOTHING_TO_DROP = new Set([26, 27]);

/**
 * Drops indexes an older release created that no query uses any more: mongoose creates the schema's indexes
 * but never drops one the schema lost, and each costs every write. Safe when replicas start together.
 */
export async function dropRetiredIndexes(collection: Collection, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await collection.dropIndex(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'number' || !NOTHING_TO_DROP.has(code)) throw error;
    }
  }
}
