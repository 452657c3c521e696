import { DomainError, ErrorCode } from '@leadflow/domain';
import { OutboundBlockedError, OutboundNetworkError, OutboundTimeoutError } from '@leadflow/outbound';
import { EnrichmentProviderError } from '../http-provider';
import { isRetryableEnrichmentError } from './enrichment.processor';

describe('isRetryableEnrichmentError', () => {
  it.each([
    ['a refused destination', new OutboundBlockedError('http://10.0.0.1/', []), false],
    ['a 4xx from the provider', new EnrichmentProviderError('acme', 'answered 400', false, 400), false],
    ['an unknown source', new DomainError(ErrorCode.VALIDATION_FAILED, 'unknown source'), false],
    ['5xx after the provider retries', new EnrichmentProviderError('acme', 'answered 503', true, 503), true],
    ['a timeout', new OutboundTimeoutError('http://x.example/', 5000), true],
    ['a network error', new OutboundNetworkError('http://x.example/', new Error('ECONNRESET')), true],
    ['a database error', new Error('connection closed'), true],
  ])('%s: retryable %p', (_what, error, retryable) => {
    expect(isRetryableEnrichmentError(error)).toBe(retryable);
  });
});
