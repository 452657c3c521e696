import { isEmptyValue, planEnrichment, sameValue } from './enrichment-plan';

const AT = new Date('2026-01-02T03:04:05.000Z');
const RESULT = { industry: 'SaaS', company_size: '51-200', technologies: ['aws', 'react'] };

describe('planEnrichment', () => {
  it('fills empty fields and stamps each with its source and time', () => {
    const plan = planEnrichment(
      { values: { industry: null, company_size: '', technologies: [] }, provenance: {} },
      RESULT,
      'dataset',
      AT,
      false,
    );
    expect(plan.values).toEqual(RESULT);
    expect(plan.updated).toEqual(['industry', 'company_size', 'technologies']);
    expect(plan.kept).toEqual([]);
    expect(plan.provenance.industry).toEqual({
      value: 'SaaS',
      source: 'dataset',
      fetched_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('keeps a value a user typed unless overwrite is asked for', () => {
    const current = { values: { industry: 'Fintech', company_size: null }, provenance: {} };
    const kept = planEnrichment(current, RESULT, 'dataset', AT, false);
    expect(kept.kept).toEqual(['industry']);
    expect(kept.values).toEqual({ company_size: '51-200', technologies: ['aws', 'react'] });
    expect(kept.provenance.industry).toBeUndefined();

    const overwritten = planEnrichment(current, RESULT, 'dataset', AT, true);
    expect(overwritten.kept).toEqual([]);
    expect(overwritten.values.industry).toBe('SaaS');
  });

  it('treats an enriched value a user edited afterwards as typed by the user', () => {
    const plan = planEnrichment(
      { values: { industry: 'Fintech' }, provenance: { industry: { value: 'Banking', source: 'clearbit' } } },
      { industry: 'SaaS' },
      'dataset',
      AT,
      false,
    );
    expect(plan.kept).toEqual(['industry']);
  });

  it('replaces a value an earlier enrichment wrote, and only renews the provenance of an equal one', () => {
    const plan = planEnrichment(
      {
        values: { industry: 'Banking', technologies: ['react', 'aws'] },
        provenance: {
          industry: { value: 'Banking', source: 'clearbit' },
          technologies: { value: ['react', 'aws'], source: 'clearbit' },
        },
      },
      { industry: 'SaaS', technologies: ['react', 'aws'] },
      'dataset',
      AT,
      false,
    );
    expect(plan.updated).toEqual(['industry']);
    expect(plan.refreshed).toEqual(['technologies']);
    expect(plan.values).toEqual({ industry: 'SaaS' });
    expect(plan.provenance.technologies?.source).toBe('dataset');
  });

  it('changes nothing when run again on its own outcome (jobs are idempotent)', () => {
    const first = planEnrichment({ values: {}, provenance: {} }, RESULT, 'dataset', AT, false);
    const again = planEnrichment(
      { values: first.values, provenance: first.provenance },
      RESULT,
      'dataset',
      new Date(AT.getTime() + 60_000),
      false,
    );
    expect(again.values).toEqual({});
    expect(again.updated).toEqual([]);
    expect(again.refreshed).toEqual(['industry', 'company_size', 'technologies']);
  });
});

describe('value helpers', () => {
  it.each([null, undefined, '', '  ', [], {}])('%p is empty', (value) => {
    expect(isEmptyValue(value)).toBe(true);
  });
  it.each([0, 'x', ['a'], { twitter: 'acme' }])('%p is a value', (value) => {
    expect(isEmptyValue(value)).toBe(false);
  });
  it('compares objects whatever their key order', () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});
