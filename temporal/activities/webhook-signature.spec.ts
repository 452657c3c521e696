import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-shared-secret-0123456789';
  const body = '{"event":"workflow.action.webhook","lead":{"id":1}}';

  it('is sha256=<hex HMAC-SHA256 of the body>, as a receiver recomputes it', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(signWebhookBody(body, secret)).toBe(`sha256=${expected}`);
  });

  it('verifies only the same body under the same secret', () => {
    const signature = signWebhookBody(body, secret);
    expect(verifyWebhookSignature(body, signature, secret)).toBe(true);
    expect(verifyWebhookSignature(`${body} `, signature, secret)).toBe(false);
    expect(verifyWebhookSignature(body, signature, 'another-secret-0123456789')).toBe(false);
    expect(verifyWebhookSignature(body, 'sha256=short', secret)).toBe(false);
  });
});
