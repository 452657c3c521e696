import { join } from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from '@leadflow/config';
import { buildProviderRegistry } from './providers-from-config';
import { type RateLimit, type RateLimiterFactory, redisRateLimiters } from './rate-limiter';

const REQUIRED = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  ENRICHMENT_DATASET_PATH: join(__dirname, '..', '..', '..', '..', 'data', 'enrichment', 'companies.json'),
};

describe('buildProviderRegistry', () => {
  // Never connects: building a registry sends no command, and these tests call no provider.
  const redis = new Redis(REQUIRED.REDIS_URL, { lazyConnect: true });
  afterAll(() => {
    redis.disconnect();
  });
  /** The limits the registry asked for, by source, and the Redis-backed factory it got them from. */
  function recordingLimiters(): { asked: Record<string, RateLimit>; factory: RateLimiterFactory } {
    const asked: Record<string, RateLimit> = {};
    const shared = redisRateLimiters(redis, 'unit');
    return {
      asked,
      factory: (source, limit) => {
        asked[source] = limit;
        return shared(source, limit);
      },
    };
  }

  it('offers only the dataset when no HTTP source is configured', async () => {
    const limiters = recordingLimiters();
    const registry = await buildProviderRegistry(loadConfig(REQUIRED), limiters.factory);
    expect(registry.names()).toEqual(['dataset']);
    expect(limiters.asked).toEqual({});
  });

  it('adds clearbit when it has a key, and every configured HTTP provider, each limited by its name', async () => {
    const config = loadConfig({
      ...REQUIRED,
      CLEARBIT_API_KEY: 'sk_test',
      CLEARBIT_REQUESTS_PER_SECOND: '2.5',
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        {
          name: 'acme-intel',
          url_template: 'https://intel.acme.example/v1/companies?domain={domain}',
          auth: { header: 'X-Api-Key', value: 'k' },
          mapping: { industry: 'company.industry', social_profiles: { twitter: 'twitter' } },
          retries: 0,
          rate_limit: { requests_per_second: 5 },
        },
        { name: 'unlimited', url_template: 'https://u.example/{domain}', mapping: {} },
      ]),
    });
    const limiters = recordingLimiters();
    expect((await buildProviderRegistry(config, limiters.factory)).names()).toEqual([
      'acme-intel',
      'clearbit',
      'dataset',
      'unlimited',
    ]);
    expect(limiters.asked).toEqual({
      clearbit: { requestsPerSecond: 2.5, burst: 3 },
      'acme-intel': { requestsPerSecond: 5 },
    });
  });

  it('refuses malformed provider JSON at start-up, naming the variable', () => {
    expect(() => loadConfig({ ...REQUIRED, ENRICHMENT_HTTP_PROVIDERS: '{not json' })).toThrow(
      /ENRICHMENT_HTTP_PROVIDERS="\{not json" must be a JSON array of providers/,
    );
    expect(() =>
      loadConfig({ ...REQUIRED, ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([{ name: 'Bad Name' }]) }),
    ).toThrow(/ENRICHMENT_HTTP_PROVIDERS=.* must be 1 to 40 lower-case letters/);
  });

  it('refuses a provider that takes a name already used', async () => {
    const config = loadConfig({
      ...REQUIRED,
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        { name: 'dataset', url_template: 'https://x.example/{domain}', mapping: {} },
      ]),
    });
    await expect(buildProviderRegistry(config, recordingLimiters().factory)).rejects.toThrow(
      /"dataset" is already registered/,
    );
  });
  it.each([
    'http://127.0.0.1:8080/companies?domain={domain}',
    'http://2130706433/companies?domain={domain}',
    'http://0x7f.0.0.1/companies?domain={domain}',
    'http://0177.0.0.1/companies?domain={domain}',
    'http://169.254.169.254/latest/meta-data/?domain={domain}',
    'http://[::1]/companies?domain={domain}',
    'http://10.1.2.3/companies?domain={domain}',
  ])('refuses at start a source at a private address (%s), naming it', async (urlTemplate) => {
    const config = loadConfig({
      ...REQUIRED,
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([{ name: 'inside', url_template: urlTemplate, mapping: {} }]),
    });
    await expect(buildProviderRegistry(config, recordingLimiters().factory)).rejects.toThrow(
      /enrichment source inside .* is refused: address .* is .*, not public .*OUTBOUND_ALLOW_PRIVATE_HOSTS/,
    );
  });

  it('takes a private source listed in OUTBOUND_ALLOW_PRIVATE_HOSTS, and refuses a private clearbit', async () => {
    const allowed = loadConfig({
      ...REQUIRED,
      OUTBOUND_ALLOW_PRIVATE_HOSTS: '127.0.0.1:8080',
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        { name: 'inside', url_template: 'http://127.0.0.1:8080/{domain}', mapping: {} },
      ]),
    });
    expect((await buildProviderRegistry(allowed, recordingLimiters().factory)).names()).toContain('inside');
    const clearbit = loadConfig({
      ...REQUIRED,
      CLEARBIT_API_KEY: 'sk_test',
      CLEARBIT_URL_TEMPLATE: 'http://192.168.1.5/v2/companies/find?domain={domain}',
    });
    await expect(buildProviderRegistry(clearbit, recordingLimiters().factory)).rejects.toThrow(
      /enrichment source clearbit .* is refused/,
    );
  });
});
