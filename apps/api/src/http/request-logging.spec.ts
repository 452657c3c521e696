import { isPolling } from './request-logging';

describe('polled reads', () => {
  it('are the GETs clients repeat on a timer: health, job status, a bulk run', () => {
    expect(isPolling('GET', '/api/health')).toBe(true);
    expect(isPolling('GET', '/api/health/?verbose=1')).toBe(true);
    expect(isPolling('GET', '/api/jobs/bulk-scoring/')).toBe(true);
    expect(isPolling('GET', '/api/lead-qualification/lead-scores/bulk_calculate/42/')).toBe(true);
  });

  it('are not writes, nor the pages a person opens', () => {
    expect(isPolling('POST', '/api/lead-qualification/lead-scores/bulk_calculate/')).toBe(false);
    expect(isPolling('GET', '/api/leads/')).toBe(false);
    expect(isPolling('GET', '/api/healthy-leads/')).toBe(false);
    expect(isPolling(undefined, undefined)).toBe(false);
  });
});
