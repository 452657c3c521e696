import { compactResult, withProvenance } from './types';

describe('enrichment results', () => {
  it('attaches source and fetch time to every field', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(withProvenance({ industry: 'SaaS', technologies: ['aws'] }, 'dataset', at)).toEqual({
      industry: { value: 'SaaS', source: 'dataset', fetched_at: '2026-01-02T03:04:05.000Z' },
      technologies: { value: ['aws'], source: 'dataset', fetched_at: '2026-01-02T03:04:05.000Z' },
    });
  });

  it('drops empty values and answers null when nothing is left', () => {
    expect(
      compactResult({ industry: ' ', technologies: [], social_profiles: {}, company_revenue: NaN }),
    ).toBeNull();
    expect(compactResult({ industry: ' SaaS ', company_size: '51-200' })).toEqual({
      industry: 'SaaS',
      company_size: '51-200',
    });
  });
});
