import type { Config, HttpEnrichmentProviderConfig } from '@leadflow/config';
import { outboundPolicyFromConfig } from '@leadflow/outbound';
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

function httpProvider(
  entry: HttpEnrichmentProviderConfig,
  config: EnrichmentConfig,
  rateLimiters: RateLimiterFactory,
) {
  return createHttpProvider({
    name: entry.name,
    urlTemplate: entry.url_template,
    ...(entry.auth && { auth: entry.auth }),
    mapping: entry.mapping,
    policy: outboundPolicyFromConfig(config), // the same one webhooks use
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
