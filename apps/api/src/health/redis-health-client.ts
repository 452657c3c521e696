import Redis from 'ioredis';
import type { Config } from '@leadflow/config';

/**
 * A client used only to answer "is Redis up?": no offline queue and a single try per command, so a ping
 * against a stopped Redis fails at once instead of waiting for the reconnection. It keeps reconnecting in
 * the background, so health turns green again by itself once Redis is back.
 */
export function createRedisHealthClient(config: Pick<Config, 'REDIS_URL'>): Redis {
  const client = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: false,
    retryStrategy: () => 500,
  });
  // Without a listener ioredis prints every failed reconnection; health reports the state instead.
  client.on('error', () => undefined);
  return client;
}

/** One shared wait per client, so that probes during a long outage do not pile up listeners. */
const pendingReady = new WeakMap<Redis, Promise<void>>();

function whenReady(client: Redis): Promise<void> {
  const pending = pendingReady.get(client);
  if (pending) return pending;
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      client.off('end', onEnd);
      resolve();
    };
    const onEnd = (): void => {
      client.off('ready', onReady);
      reject(new Error('connection closed'));
    };
    client.once('ready', onReady);
    client.once('end', onEnd);
  }).finally(() => pendingReady.delete(client));
  pendingReady.set(client, ready);
  return ready;
}

/** PING, first waiting for a connection that is still being made (at start-up, or after Redis came back). */
export async function pingRedis(client: Redis): Promise<void> {
  if (client.status !== 'ready') await whenReady(client);
  await client.ping();
}
