import mongoose, { type Connection } from 'mongoose';
import type { Config } from '@leadflow/config';

// Filters on fields a schema does not declare are dropped instead of sent. Client input never reaches a
// filter with `$`-keys in the first place: the API refuses such bodies and query strings with a 400
// (apps/api/src/http/body-gate.ts), and repositories build filters from typed values. Mongoose's global
// sanitizeFilter is not used because it would also neutralise the repositories' own `$in`/`$gte` filters.
mongoose.set('strictQuery', true);

/**
 * Options shared by every Leadflow connection: fail fast at start, and keep ids of our own (counters). While
 * the server is down, mongoose holds commands in a buffer (10 s by default) and the driver looks for a server
 * for `serverSelectionTimeoutMS`: both are DEPENDENCY_TIMEOUT_MS, so a request then fails (a 503) within it.
 * (mongoose reads `bufferTimeoutMS` from connection options, though its ConnectOptions type omits it.)
 */
export function mongoConnectionOptions(
  config: Pick<Config, 'MONGO_DB' | 'DEPENDENCY_TIMEOUT_MS'>,
): mongoose.ConnectOptions & { bufferTimeoutMS: number } {
  return {
    dbName: config.MONGO_DB,
    serverSelectionTimeoutMS: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    connectTimeoutMS: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    bufferTimeoutMS: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    autoIndex: true,
  };
}

export async function connectMongo(
  config: Pick<Config, 'MONGO_URL' | 'MONGO_DB' | 'DEPENDENCY_TIMEOUT_MS'>,
): Promise<Connection> {
  const connection = mongoose.createConnection(config.MONGO_URL, mongoConnectionOptions(config));
  await connection.asPromise();
  return connection;
}

/** Round trip to the server; throws when it does not answer. */
export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) throw new Error('not connected');
  await db.command({ ping: 1 });
}
