import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-classification';
import {
  OutboundBlockedError,
  OutboundError,
  OutboundNetworkError,
  OutboundResponseTooLargeError,
  OutboundTimeoutError,
} from './errors';
import {
  checkOutboundUrl,
  isPrivateHostAllowed,
  urlHost,
  urlPort,
  type OutboundPolicy,
} from './outbound-policy';

export interface GuardedFetchOptions {
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string | Buffer;
  /** Limit for the whole exchange, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Largest response body read. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Redirects followed, each one checked like the first URL. Default and maximum 3. */
  maxRedirects?: number;
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

export const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Headers kept when a redirect leaves the origin: anything else may carry a secret meant for the first host.
const CROSS_ORIGIN_SAFE_HEADERS = new Set(['accept', 'accept-language', 'user-agent', 'content-type']);

/**
 * A DNS lookup that resolves the name itself and refuses the connection when any address is not public,
 * unless the URL's `host:port` is allowed by the policy. Node calls it when the socket connects, so the
 * address that was checked is the address that is dialled: a DNS answer that changes between a check and
 * the connect (DNS rebinding) cannot slip through.
 */
export function guardedLookup(
  url: string,
  host: string,
  port: number,
  policy: OutboundPolicy,
): LookupFunction {
  const allowed = isPrivateHostAllowed(host, port, policy);
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const refused = allowed ? [] : addresses.filter((entry) => classifyAddress(entry.address) !== 'public');
      if (refused.length > 0 || addresses.length === 0) {
        const detail = refused
          .map((entry) => `${entry.address} (${classifyAddress(entry.address)})`)
          .join(', ');
        callback(
          new OutboundBlockedError(url, [
            { code: 'private_address', message: `${hostname} resolves to a non-public address: ${detail}` },
          ]),
          '',
          0,
        );
        return;
      }
      if (options.all) {
        // Node's types declare one callback shape; with `all: true` it expects the list of addresses.
        (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, addresses);
        return;
      }
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * HTTP(S) request behind the SSRF guard: the URL is checked by `checkOutboundUrl`, every resolved address
 * when connecting, and every redirect hop the same way. Redirects are followed only when they keep the
 * method and body (see below); otherwise the 3xx is the answer. Answers with any status (the caller decides what a
 * 4xx or 5xx means); throws `OutboundBlockedError`, `OutboundTimeoutError`, `OutboundResponseTooLargeError`
 * or `OutboundNetworkError`.
 */
export async function guardedFetch(
  url: string,
  options: GuardedFetchOptions,
  policy: OutboundPolicy,
): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = Math.min(options.maxRedirects ?? MAX_REDIRECTS, MAX_REDIRECTS);
  const deadline = Date.now() + timeoutMs;
  let current = { url, method: (options.method ?? 'GET').toUpperCase(), body: options.body };
  let headers: Record<string, string> = { ...options.headers };

  for (let hop = 0; ; hop += 1) {
    const problems = checkOutboundUrl(current.url, policy);
    if (problems.length > 0) throw new OutboundBlockedError(current.url, problems);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new OutboundTimeoutError(url, timeoutMs);

    const response = await requestOnce(current, headers, {
      policy,
      remainingMs: remaining,
      timeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      originalUrl: url,
    });
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
    // Only a redirect that keeps the request as it was is followed: any for a GET, and 307/308, which keep
    // method and body, for the rest. A 301/302/303 after a POST is answered as it is (a webhook counts it as a
    // failed delivery), never turned into a GET without the body as browsers do.
    if (current.method !== 'GET' && response.status !== 307 && response.status !== 308) return response;
    if (hop >= maxRedirects) {
      throw new OutboundBlockedError(location, [
        { code: 'redirect_limit', message: `more than ${maxRedirects} redirects` },
      ]);
    }
    const next = new URL(location, current.url);
    if (next.origin !== new URL(current.url).origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => CROSS_ORIGIN_SAFE_HEADERS.has(name.toLowerCase())),
      );
    }
    current = { url: next.toString(), method: current.method, body: current.body };
  }
}

interface RequestLimits {
  policy: OutboundPolicy;
  remainingMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  originalUrl: string;
}

function requestOnce(
  target: { url: string; method: string; body: string | Buffer | undefined },
  headers: Readonly<Record<string, string>>,
  limits: RequestLimits,
): Promise<GuardedResponse> {
  const url = new URL(target.url);
  const host = urlHost(url);
  const port = urlPort(url);
  const transport = url.protocol === 'https:' ? https : http;
  const outgoing: OutgoingHttpHeaders = { ...headers };
  if (target.body !== undefined) outgoing['content-length'] = Buffer.byteLength(target.body);

  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: GuardedResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else if (response) resolve(response);
    };
    const request = transport.request(
      {
        protocol: url.protocol,
        hostname: host,
        port,
        path: `${url.pathname}${url.search}`,
        method: target.method,
        headers: outgoing,
        // A fresh connection per request: a pooled socket would skip the lookup, and with it the check.
        agent: false,
        lookup: guardedLookup(target.url, host, port, limits.policy),
      },
      (response: IncomingMessage) => {
        readBody(response, limits.maxResponseBytes, target.url).then(
          (body) => {
            finish(undefined, {
              status: response.statusCode ?? 0,
              headers: response.headers,
              body,
              url: target.url,
            });
          },
          (error: unknown) => {
            finish(error as Error);
          },
        );
      },
    );
    const timer = setTimeout(() => {
      finish(new OutboundTimeoutError(limits.originalUrl, limits.timeoutMs));
    }, limits.remainingMs);
    request.on('error', (error) => {
      finish(error instanceof OutboundError ? error : new OutboundNetworkError(target.url, error));
    });
    request.end(target.body);
  });
}

function readBody(response: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.destroy();
      reject(new OutboundResponseTooLargeError(url, maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new OutboundResponseTooLargeError(url, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    response.on('error', reject);
  });
}
