import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Leadflow-Signature';
export const TIMESTAMP_HEADER = 'X-Leadflow-Timestamp';
export const DELIVERY_HEADER = 'X-Leadflow-Delivery';

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes under the shared secret. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a receiver does (and the tests): recompute and compare in constant time. */
export function verifyWebhookSignature(body: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
