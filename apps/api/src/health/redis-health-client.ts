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
