import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';

/**
 * Every collection of a database as a count and a digest of its documents, so that a test can show that
 * refused requests wrote nothing at all: compare one taken before with one taken after.
 */
export async function collectionsSnapshot(db: Connection): Promise<Record<string, string>> {
  const database = db.db;
  if (!database) throw new Error('the connection is not open');
  const collections = (await database.listCollections().toArray()).map((info) => info.name).sort();
  const entries = await Promise.all(
    collections.map(async (name) => {
      const documents = await database.collection(name).find({}).sort({ _id: 1 }).toArray();
      const digest = createHash('sha256').update(JSON.stringify(documents)).digest('hex').slice(0, 16);
      return [name, `${documents.length}:${digest}`] as const;
    }),
  );
  return Object.fromEntries(entries);
}
