import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'lf_';

/** A new key as shown once to its creator, and what is stored of it. */
export function newApiKeySecret(): { key: string; prefix: string; keyHash: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), keyHash: hashApiKey(key) };
}

/** 256 random bits need no slow hash: sha256 is enough and keeps the per-request lookup cheap. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
