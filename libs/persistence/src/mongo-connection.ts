import mongoose, { type Connection } from 'mongoose';
import type { Config } from '@leadflow/config';

// Queries built from client input must never be able to carry operators: unknown filter keys are dropped
// (strictQuery) and `$`-keys inside filter values are neutralised (sanitizeFilter).
mongoose.set('strictQuery', true);
mongoose.set('sanitizeFilter', true);

/** Options shared by every Leadflow connection: fail fast at start, and keep ids of our own (counters). */
export function mongoConnectionOptions(config: Pick<Config, 'MONGO_DB' | 'DEPENDENCY_TIMEOUT_MS'>): mongoose.ConnectOptions {
  return {
    dbName: config.MONGO_DB,
    serverSelectionTimeoutMS: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    connectTimeoutMS: Math.max(config.DEPENDENCY_TIMEOUT_MS, 1000),
    autoIndex: true,
  };
}

export async function connectMongo(config: Pick<Config, 'MONGO_URL' | 'MONGO_DB' | 'DEPENDENCY_TIMEOUT_MS'>): Promise<Connection> {
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
