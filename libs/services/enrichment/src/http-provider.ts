import { guardedFetch, OutboundTimeoutError, type OutboundPolicy } from '@leadflow/outbound';
import { companyDomain } from './company-keys';
import { classifyJobLevel } from './job-level';
import type { RateLimiter } from './rate-limiter';
import { mapResponse, type ResponseMapping } from './response-mapping';
import { compactResult, type EnrichmentLead, type EnrichmentProvider, type EnrichmentResult } from './types';

export interface HttpProviderConfig {
  /** The `source` name callers ask for. */
  name: string;
  /**
   * URL with `{domain}` (the work-email domain; free-mail domains count as none), `{email}` and `{company}`,
   * each URL-encoded. When a placeholder has no value for a lead, no request is made.
   */
  urlTemplate: string;
  /** Header carrying the credential, e.g. `{ header: 'Authorization', value: 'Bearer sk_...' }`. */
  auth?: { header: string; value: string };
  mapping: ResponseMapping;
  /** SSRF policy of the outbound calls (production: no private hosts). */
  policy: OutboundPolicy;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Attempts after the first one, on a 5xx answer or a timeout only. Default 2. */
  retries?: number;
  /** Wait before the first retry, doubled for each next one up to `maxBackoffMs`. Default 250 / 5000 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Paces the requests to this provider; every attempt takes a slot. A Redis-backed one (createRedisRateLimiter)
   * is shared by every worker process. Default: no limit.
   */
  rateLimiter?: RateLimiter;
  /** Statuses meaning "nothing known about this lead". Default [404]. */
  notFoundStatuses?: readonly number[];
  /** Default 256 KiB. */
  maxResponseBytes?: number;
}

/** The provider answered in a way retrying now cannot fix (4xx, bad JSON), or 5xx until retries ran out. */
export class EnrichmentProviderError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'EnrichmentProviderError';
  }
}

/** The request URL for a lead, or null when the template needs a value the lead does not have. Pure. */
export function expandUrlTemplate(template: string, lead: EnrichmentLead): string | null {
  const values: Readonly<Record<string, string | null>> = {
    domain: companyDomain(lead.email),
    email: lead.email?.trim() || null,
    company: lead.company?.trim() || null,
  };
  const placeholders = [...template.matchAll(/\{(domain|email|company)\}/g)].map((match) => match[1] ?? '');
  if (placeholders.some((key) => !values[key])) return null;
  return template.replace(/\{(domain|email|company)\}/g, (_placeholder, key: string) =>
    encodeURIComponent(values[key] ?? ''),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Wait before the first retry, doubled for each next one. */
  backoffMs: number;
  maxBackoffMs: number;
}

/**
 * After attempt `attempt` (0 for the first) failed in a way worth retrying: how long to wait before the next
 * one, or null when the retries are used up. Pure.
 */
export function retryDelay(attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.retries) return null;
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** attempt);
}

/**
 * An enrichment provider over a JSON HTTP API, every call through the SSRF-guarded client. Retries with
 * exponential backoff on 5xx and timeouts only (a 4xx or a refused destination does not improve by asking
 * again); the job queue above may still retry errors marked `retryable`. The job level comes from the
 * response when the mapping names it, else from the lead's title.
 */
export function createHttpProvider(config: HttpProviderConfig): EnrichmentProvider {
  const retryPolicy: RetryPolicy = {
    retries: config.retries ?? 2,
    backoffMs: config.backoffMs ?? 250,
    maxBackoffMs: config.maxBackoffMs ?? 5000,
  };
  const notFound = config.notFoundStatuses ?? [404];
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.auth) headers[config.auth.header] = config.auth.value;

  async function fetchCompany(url: string): Promise<EnrichmentResult> {
    for (let attempt = 0; ; attempt += 1) {
      await config.rateLimiter?.acquire();
      const delay = retryDelay(attempt, retryPolicy);
      let status: number;
      let body: Buffer;
      try {
        const response = await guardedFetch(
          url,
          {
            headers,
            timeoutMs: config.timeoutMs ?? 5000,
            maxResponseBytes: config.maxResponseBytes ?? 262_144,
          },
          config.policy,
        );
        status = response.status;
        body = response.body;
      } catch (error) {
        if (error instanceof OutboundTimeoutError && delay !== null) {
          await sleep(delay);
          continue;
        }
        throw error;
      }
      if (status >= 500 && delay !== null) {
        await sleep(delay);
        continue;
      }
      if (notFound.includes(status)) return {};
      if (status >= 500) {
        throw new EnrichmentProviderError(
          config.name,
          `answered ${status} after ${attempt + 1} attempts`,
          true,
          status,
        );
      }
      if (status === 429) throw new EnrichmentProviderError(config.name, 'rate limited (429)', true, status);
      if (status < 200 || status >= 300) {
        throw new EnrichmentProviderError(config.name, `answered ${status}`, false, status);
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new EnrichmentProviderError(
          config.name,
          'answered with a body that is not JSON',
          false,
          status,
        );
      }
      return mapResponse(json, config.mapping);
    }
  }

  return {
    name: config.name,
    async enrich(lead) {
      const url = expandUrlTemplate(config.urlTemplate, lead);
      const fetched = url === null ? {} : await fetchCompany(url);
      const jobLevel = fetched.job_level ?? classifyJobLevel(lead.title) ?? undefined;
      return compactResult({ ...fetched, ...(jobLevel !== undefined && { job_level: jobLevel }) });
    },
  };
}
