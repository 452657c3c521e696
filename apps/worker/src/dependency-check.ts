import Redis from 'ioredis';
import type { Config } from '@leadflow/config';
import { connectMongo } from '@leadflow/persistence';
import { connectTemporalWorker } from '@leadflow/temporal/worker';

function reason(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

async function reachRedis(config: Config): Promise<void> {
  const client = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: config.DEPENDENCY_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() rejects with a bare "Connection is closed."; the socket's own error says why.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    client.disconnect();
  }
}

/**
 * Tries each dependency once before anything starts, so that a worker pointed at the wrong place exits at
 * once with one line naming what it could not reach, instead of retrying quietly forever.
 */
export async function findUnreachableDependencies(config: Config): Promise<string[]> {
  const checks: [string, string, () => Promise<void>][] = [
    ['MongoDB', config.MONGO_URL, async () => (await connectMongo(config)).close()],
    ['Redis', config.REDIS_URL, () => reachRedis(config)],
    ['Temporal', config.TEMPORAL_ADDRESS, async () => (await connectTemporalWorker(config)).close()],
  ];
  const outcomes = await Promise.all(
    checks.map(async ([name, where, check]) => {
      try {
        await check();
        return null;
      } catch (error) {
        return `${name} at ${where} is unreachable (${reason(error)})`;
      }
    }),
  );
  return outcomes.filter((outcome): outcome is string => outcome !== null);
}
