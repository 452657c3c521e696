import { join } from 'node:path';
import { loadConfig } from '@leadflow/config';
import { buildProviderRegistry } from './providers-from-config';

const REQUIRED = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  ENRICHMENT_DATASET_PATH: join(__dirname, '..', '..', '..', 'data', 'enrichment', 'companies.json'),
};

describe('buildProviderRegistry', () => {
  it('offers only the dataset when no HTTP source is configured', async () => {
    const registry = await buildProviderRegistry(loadConfig(REQUIRED));
    expect(registry.names()).toEqual(['dataset']);
  });

  it('adds clearbit when it has a key, and every configured HTTP provider', async () => {
    const config = loadConfig({
      ...REQUIRED,
      CLEARBIT_API_KEY: 'sk_test',
      ENRICHMENT_HTTP_PROVIDERS: JSON.stringify([
        {
          name: 'acme-intel',
          url_template: 'https://intel.acme.example/v1/companies?domain={domain}',
          auth: { header: 'X-Api-Key', value: 'k' },
          mapping: { industry: 'company.industry', social_profiles: { twitter: 'twitter' } },
          retries: 0,
          rate_limit: { requests_per_second: 5 },
        },
      ]),
    });
    expect((await buildProviderRegistry(config)).names()).toEqual(['acme-intel', 'clearbit', 'dataset']);
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
    await expect(buildProviderRegistry(config)).rejects.toThrow(/"dataset" is already registered/);
  });
});
