import { createHash } from 'node:crypto';
import {
  guardedFetch,
  OutboundBlockedError,
  OutboundResponseTooLargeError,
  type OutboundPolicy,
} from '@leadflow/outbound';
import { rejectedError, retryableError, validationError } from '../action-errors';
import type { ActionHandler } from '../action-context';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from '../webhook-signature';

export interface WebhookDependencies {
  /** where calls may go (the SSRF guard's policy from config) */
  policy: OutboundPolicy;
  /** HMAC key of the signature header */
  secret: string;
  /** the guarded client; injectable so a caller can wrap it (metrics), never to skip the guard */
  fetch?: typeof guardedFetch;
  timeoutMs?: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
]);
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
// A receiver that is busy or rate-limits may take the call later; any other 4xx refuses it for good.
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);

function customHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(lower) || lower.startsWith('x-leadflow-')) {
      throw validationError(`webhook: header ${JSON.stringify(name)} may not be set`);
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw validationError(`webhook: header ${name} must be a single-line string`);
    }
    checked[name] = value;
  }
  return checked;
}

/**
 * Calls the URL with the lead as JSON, signed (`X-Leadflow-Signature: sha256=<hmac of the body>`) and stamped
 * (`X-Leadflow-Timestamp`, also inside the signed body, so a receiver can refuse replays). Each step's calls
 * carry one `X-Leadflow-Delivery` id: a step redone after a crash may call again, and the receiver can drop
 * the repeat by that id.
 */
export function webhook(deps: WebhookDependencies): ActionHandler<'webhook'> {
  const fetch = deps.fetch ?? guardedFetch;
  return async (config, { request, lead, effectKey, now }) => {
    if (typeof config.url !== 'string' || config.url === '') {
      throw validationError('webhook: url must be a string');
    }
    const method = config.method ?? 'POST';
    if (!METHODS.includes(method))
      throw validationError(`webhook: method must be one of ${METHODS.join(', ')}`);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const body =
      method === 'GET'
        ? ''
        : JSON.stringify({
            event: 'workflow.action.webhook',
            timestamp: Number(timestamp),
            workflow_id: request.workflow_id,
            step_id: request.step_id,
            lead,
          });
    const headers: Record<string, string> = {
      ...customHeaders(config.headers),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      'user-agent': 'Leadflow-Webhook/1',
      [SIGNATURE_HEADER]: signWebhookBody(body, deps.secret),
      [TIMESTAMP_HEADER]: timestamp,
      [DELIVERY_HEADER]: createHash('sha256').update(effectKey).digest('hex').slice(0, 32),
    };

    let status: number;
    let location: string | undefined;
    try {
      const response = await fetch(
        config.url,
        {
          method,
          headers,
          ...(method === 'GET' ? {} : { body }),
          timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        },
        deps.policy,
      );
      status = response.status;
      location = response.headers.location;
    } catch (error) {
      if (error instanceof OutboundBlockedError) throw validationError(`webhook: ${error.message}`);
      if (error instanceof OutboundResponseTooLargeError)
        throw rejectedError('WebhookRejected', error.message);
      throw retryableError('WebhookError', (error as Error).message, error as Error);
    }
    if (status >= 200 && status < 300) return `webhook ${method} ${config.url} answered ${status}`;
    // A redirect that would change the request (a 302 after a POST) is not followed: the delivery failed.
    const redirect =
      status >= 300 && status < 400 && location ? ` (redirect to ${location} not followed)` : '';
    const message = `webhook ${method} ${config.url} answered ${status}${redirect}`;
    if (status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status)) throw retryableError('WebhookError', message);
    throw rejectedError('WebhookRejected', message);
  };
}
