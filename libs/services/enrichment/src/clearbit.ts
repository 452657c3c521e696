import type { OutboundPolicy } from '@leadflow/outbound';
import { createHttpProvider, type HttpProviderConfig } from './http-provider';
import type { RateLimiter } from './rate-limiter';
import type { ResponseMapping } from './response-mapping';
import type { EnrichmentProvider } from './types';

export const CLEARBIT_URL_TEMPLATE = 'https://company.clearbit.com/v2/companies/find?domain={domain}';

/**
 * Clearbit's Company API shape: `{ name, domain, category: { industry }, metrics: { employeesRange,
 * annualRevenue, estimatedAnnualRevenue }, tech: [...], twitter: { handle }, linkedin: { handle },
 * facebook: { handle } }`. The exact revenue wins over the estimated range.
 */
export const CLEARBIT_MAPPING: ResponseMapping = {
  company_revenue: ['metrics.annualRevenue', 'metrics.estimatedAnnualRevenue'],
  industry: ['category.industry', 'category.sector'],
  company_size: ['metrics.employeesRange', 'metrics.employees'],
  technologies: 'tech',
  social_profiles: { twitter: 'twitter.handle', linkedin: 'linkedin.handle', facebook: 'facebook.handle' },
};

export interface ClearbitOptions {
  apiKey: string;
  policy: OutboundPolicy;
  /** Another endpoint speaking the same shape (a proxy, a test server). */
  urlTemplate?: string;
  name?: string;
  /** Clearbit limits requests per API key, so one Redis-backed limiter serves every process using the key. */
  rateLimiter?: RateLimiter;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

/** The `clearbit` preset: the HTTP provider configured for Clearbit's Company API. */
export function clearbitConfig(options: ClearbitOptions): HttpProviderConfig {
  return {
    name: options.name ?? 'clearbit',
    urlTemplate: options.urlTemplate ?? CLEARBIT_URL_TEMPLATE,
    auth: { header: 'Authorization', value: `Bearer ${options.apiKey}` },
    mapping: CLEARBIT_MAPPING,
    policy: options.policy,
    // 202 means Clearbit queued the lookup: nothing known yet, a later enrichment may find it.
    notFoundStatuses: [404, 202],
    ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.retries !== undefined && { retries: options.retries }),
    ...(options.backoffMs !== undefined && { backoffMs: options.backoffMs }),
  };
}

export function createClearbitProvider(options: ClearbitOptions): EnrichmentProvider {
  return createHttpProvider(clearbitConfig(options));
}
