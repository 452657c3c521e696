import type { Config, HttpEnrichmentProviderConfig } from '@leadflow/config';
import { checkOutboundUrl, type OutboundPolicy, outboundPolicyFromConfig } from '@leadflow/outbound';
import { createClearbitProvider } from './clearbit';
import { loadDatasetProvider } from './company-dataset';
import { createHttpProvider } from './http-provider';
import { EnrichmentProviderRegistry } from './provider-registry';
import type { RateLimiterFactory } from './rate-limiter';

export type EnrichmentConfig = Pick<
  Config,
  | 'ENRICHMENT_DATASET_PATH'
  | 'CLEARBIT_API_KEY'
  | 'CLEARBIT_URL_TEMPLATE'
  | 'CLEARBIT_REQUESTS_PER_SECOND'
  | 'ENRICHMENT_HTTP_PROVIDERS'
  | 'ENRICHMENT_HTTP_TIMEOUT_MS'
  | 'ENRICHMENT_HTTP_RETRIES'
  | 'ENRICHMENT_HTTP_BACKOFF_MS'
  | 'OUTBOUND_ALLOW_PRIVATE_HOSTS'
>;

/**
 * Refuses, at start, a source whose URL the outbound policy would refuse on every call: a private, loopback,
 * link-local or otherwise special IP literal (in any numeric form: the URL parser reads 2130706433 and
 * 0x7f.1 as 127.0.0.1) not listed in OUTBOUND_ALLOW_PRIVATE_HOSTS, a scheme or a port it does not take. Such
 * a source would be offered to clients and fail every job. Host names are checked after DNS at each call.
 */
export function assertSourceCallable(name: string, urlTemplate: string, policy: OutboundPolicy): void {
  const sample = urlTemplate.replace(/\{[a-z_]+\}/g, 'example.com');
  const problems = checkOutboundUrl(sample, policy);
  if (problems.length === 0) return;
  throw new Error(
    `enrichment source ${name} (${urlTemplate}) is refused: ${problems.map((problem) => problem.message).join('; ')}` +
      ' (list its host:port in OUTBOUND_ALLOW_PRIVATE_HOSTS to allow a private address)',
  );
}

function httpProvider(
  entry: HttpEnrichmentProviderConfig,
  config: EnrichmentConfig,
  rateLimiters: RateLimiterFactory,
) {
  const policy = outboundPolicyFromConfig(config); // the same one webhooks use
  assertSourceCallable(entry.name, entry.url_template, policy);
  return createHttpProvider({
    name: entry.name,
    urlTemplate: entry.url_template,
    ...(entry.auth && { auth: entry.auth }),
    mapping: entry.mapping,
    policy,
    timeoutMs: entry.timeout_ms ?? config.ENRICHMENT_HTTP_TIMEOUT_MS,
    retries: entry.retries ?? config.ENRICHMENT_HTTP_RETRIES,
    backoffMs: entry.backoff_ms ?? config.ENRICHMENT_HTTP_BACKOFF_MS,
    ...(entry.rate_limit && {
      rateLimiter: rateLimiters(entry.name, {
        requestsPerSecond: entry.rate_limit.requests_per_second,
        ...(entry.rate_limit.burst !== undefined && { burst: entry.rate_limit.burst }),
      }),
    }),
  });
}

/**
 * Every enrichment source of a deployment: `dataset` (always), `clearbit` (when CLEARBIT_API_KEY is set) and
 * each entry of ENRICHMENT_HTTP_PROVIDERS. API and worker build the same registry from the same config, so
 * the API refuses exactly the sources the worker could not run. A taken name stops start-up. Each rate-limited
 * source gets its limiter from `rateLimiters` under its name (in production one limit in Redis per source).
 */
export async function buildProviderRegistry(
  config: EnrichmentConfig,
  rateLimiters: RateLimiterFactory,
): Promise<EnrichmentProviderRegistry> {
  const registry = new EnrichmentProviderRegistry([
    await loadDatasetProvider(config.ENRICHMENT_DATASET_PATH),
  ]);
  if (config.CLEARBIT_API_KEY !== '') {
    assertSourceCallable('clearbit', config.CLEARBIT_URL_TEMPLATE, outboundPolicyFromConfig(config));
    registry.register(
      createClearbitProvider({
        apiKey: config.CLEARBIT_API_KEY,
        urlTemplate: config.CLEARBIT_URL_TEMPLATE,
        policy: outboundPolicyFromConfig(config), // the same one webhooks use
        rateLimiter: rateLimiters('clearbit', {
          requestsPerSecond: config.CLEARBIT_REQUESTS_PER_SECOND,
          burst: Math.max(1, Math.ceil(config.CLEARBIT_REQUESTS_PER_SECOND)),
        }),
        timeoutMs: config.ENRICHMENT_HTTP_TIMEOUT_MS,
        retries: config.ENRICHMENT_HTTP_RETRIES,
        backoffMs: config.ENRICHMENT_HTTP_BACKOFF_MS,
      }),
    );
  }
  for (const entry of config.ENRICHMENT_HTTP_PROVIDERS)
    registry.register(httpProvider(entry, config, rateLimiters));
  return registry;
}
