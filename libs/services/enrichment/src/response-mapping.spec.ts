import { CLEARBIT_MAPPING } from './clearbit';
import clearbitCompany from './fixtures/clearbit-company.json';
import { mapResponse, parseRevenue, readPath } from './response-mapping';

describe('readPath', () => {
  it.each<[string, unknown]>([
    ['name', 'Blue Fjord Analytics'],
    ['category.industry', 'Internet Software & Services'],
    ['tech[1]', 'hubspot'],
    ['tech.0', 'google_analytics'],
    ['metrics.missing.deeper', undefined],
    ['name.length', undefined],
    ['', clearbitCompany],
  ])('%s', (path, expected) => {
    expect(readPath(clearbitCompany, path)).toEqual(expected);
  });
});

describe('parseRevenue', () => {
  it.each<[unknown, number | undefined]>([
    [2_500_000, 2_500_000],
    ['$10M-$50M', 10_000_000],
    ['$1B+', 1_000_000_000],
    ['$250K-$1M', 250_000],
    ['2,500,000', 2_500_000],
    ['$1.5m', 1_500_000],
    ['unknown', undefined],
    [null, undefined],
    [Number.NaN, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRevenue(value)).toBe(expected);
  });
});

describe('mapResponse', () => {
  it('maps the Clearbit company shape to our fields', () => {
    expect(mapResponse(clearbitCompany, CLEARBIT_MAPPING)).toEqual({
      company_revenue: 10_000_000,
      industry: 'Internet Software & Services',
      company_size: '51-250',
      technologies: ['google_analytics', 'hubspot', 'aws_route_53'],
      social_profiles: { twitter: 'bluefjord', linkedin: 'company/bluefjord' },
    });
  });

  it('prefers the first path that holds a value', () => {
    const body = { metrics: { annualRevenue: 42_000_000, estimatedAnnualRevenue: '$10M-$50M' } };
    expect(mapResponse(body, CLEARBIT_MAPPING)).toEqual({ company_revenue: 42_000_000 });
  });

  it('leaves out values of the wrong shape and unknown job levels', () => {
    const body = { industry: { nested: true }, size: 250, tech: 'aws, gcp', level: 'Executive', bad: 'boss' };
    expect(
      mapResponse(body, {
        industry: 'industry',
        company_size: 'size',
        technologies: 'tech',
        job_level: 'level',
      }),
    ).toEqual({ company_size: '250', technologies: ['aws', 'gcp'], job_level: 'executive' });
    expect(mapResponse(body, { job_level: 'bad' })).toEqual({});
    expect(mapResponse('not an object', CLEARBIT_MAPPING)).toEqual({});
  });
});
