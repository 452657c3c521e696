import { DomainError } from '@leadflow/domain';
import { createDatasetProvider } from './company-dataset';
import { EnrichmentProviderRegistry } from './provider-registry';
import type { EnrichmentProvider } from './types';

const fixed = (name: string): EnrichmentProvider => ({
  name,
  enrich: () => Promise.resolve({ industry: name }),
});

describe('EnrichmentProviderRegistry', () => {
  it('finds providers by source name and is extended in one line', async () => {
    const registry = new EnrichmentProviderRegistry([createDatasetProvider([])]);
    registry.register(fixed('acme-intel'));
    expect(registry.names()).toEqual(['acme-intel', 'dataset']);
    await expect(registry.require('acme-intel').enrich({})).resolves.toEqual({ industry: 'acme-intel' });
    expect(registry.get('nope')).toBeUndefined();
  });

  it('refuses an unknown source with a validation error that lists the known ones', () => {
    const registry = new EnrichmentProviderRegistry([fixed('dataset')]);
    expect(() => registry.require('clearbit')).toThrow(DomainError);
    expect(() => registry.require('clearbit')).toThrow(
      'unknown enrichment source "clearbit" (known: dataset)',
    );
  });

  it('refuses a second provider with a taken name', () => {
    const registry = new EnrichmentProviderRegistry([fixed('dataset')]);
    expect(() => registry.register(fixed('dataset'))).toThrow(/already registered/);
  });
});
