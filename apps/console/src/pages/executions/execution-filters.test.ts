import { describe, expect, it } from 'vitest';
import { executionsListPath, NO_EXECUTION_FILTERS } from './execution-filters';

function params(path: string): URLSearchParams {
  return new URL(path, 'http://console.test').searchParams;
}

describe('executionsListPath', () => {
  it('sends only the page size when no filter is set', () => {
    const path = executionsListPath(NO_EXECUTION_FILTERS);
    expect(path).toBe('/api/lead-qualification/workflow-executions/?page_size=100');
  });

  it('asks for a page after the first', () => {
    expect(params(executionsListPath(NO_EXECUTION_FILTERS, 3, 50)).toString()).toBe('page=3&page_size=50');
  });

  it('sends both ends of the time window as ISO instants of the local times typed', () => {
    const search = params(
      executionsListPath({
        ...NO_EXECUTION_FILTERS,
        startedAfter: '2025-11-01T08:30',
        startedBefore: '2025-11-02T17:45',
      }),
    );
    expect(search.get('started_after')).toBe(new Date('2025-11-01T08:30').toISOString());
    expect(search.get('started_before')).toBe(new Date('2025-11-02T17:45').toISOString());
  });

  it('sends a started-before bound on its own', () => {
    const search = params(executionsListPath({ ...NO_EXECUTION_FILTERS, startedBefore: '2025-12-01T00:00' }));
    expect(search.get('started_before')).toBe(new Date('2025-12-01T00:00').toISOString());
    expect(search.has('started_after')).toBe(false);
  });

  it('passes workflow, lead and status through', () => {
    const search = params(
      executionsListPath({ ...NO_EXECUTION_FILTERS, workflow: '3', lead: '42', status: 'failed' }),
    );
    expect([search.get('workflow'), search.get('lead'), search.get('status')]).toEqual(['3', '42', 'failed']);
  });

  it('leaves out a half-typed time instead of sending an invalid date', () => {
    const search = params(executionsListPath({ ...NO_EXECUTION_FILTERS, startedBefore: 'not a time' }));
    expect(search.has('started_before')).toBe(false);
  });
});
