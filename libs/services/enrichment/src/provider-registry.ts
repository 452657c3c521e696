import { DomainError, ErrorCode } from '@leadflow/domain';
import type { EnrichmentProvider } from './types';

/**
 * `source` name -> provider. A deployment adds its own in one line:
 * `registry.register(createHttpProvider({ name: 'acme-intel', ... }))`.
 */
export class EnrichmentProviderRegistry {
  private readonly providers = new Map<string, EnrichmentProvider>();

  constructor(providers: Iterable<EnrichmentProvider> = []) {
    for (const provider of providers) this.register(provider);
  }

  /** Adds a provider; a second one with a taken name is refused, so nothing is replaced by accident. */
  register(provider: EnrichmentProvider): this {
    if (this.providers.has(provider.name)) {
      throw new Error(`an enrichment provider named "${provider.name}" is already registered`);
    }
    this.providers.set(provider.name, provider);
    return this;
  }

  get(source: string): EnrichmentProvider | undefined {
    return this.providers.get(source);
  }

  /** The provider for `source`, or a validation DomainError (HTTP 400) listing the known sources. */
  require(source: string): EnrichmentProvider {
    const provider = this.providers.get(source);
    if (provider) return provider;
    const message = `unknown enrichment source "${source}" (known: ${this.names().join(', ') || 'none'})`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [
      { pointer: '/source', code: 'unknown_source', message },
    ]);
  }

  names(): string[] {
    return [...this.providers.keys()].sort();
  }
}
