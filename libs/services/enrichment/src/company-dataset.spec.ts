import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildCompanyIndex,
  CompanyDatasetError,
  createDatasetProvider,
  loadDatasetProvider,
  lookupCompany,
  parseCompanyDataset,
  type CompanyRecord,
} from './company-dataset';

const DATA_DIR = join(__dirname, '../../../../data/enrichment');

const records: CompanyRecord[] = [
  {
    name: 'Blue Fjord Analytics Inc.',
    domains: ['bluefjord.example', 'bluefjord-mail.example'],
    industry: 'Software',
    company_size: '51-200',
    company_revenue: 12_000_000,
    technologies: ['aws', 'hubspot'],
    social_profiles: { twitter: 'bluefjord' },
  },
  { name: 'Cedar Media GmbH', domains: ['cedarmedia.example'], industry: 'Media' },
  { name: 'Free Mail Co', domains: ['gmail.com'], industry: 'Should never match' },
];

describe('dataset provider', () => {
  const index = buildCompanyIndex(records);
  const provider = createDatasetProvider(records);

  it('finds a company by email domain, a second domain and a subdomain', () => {
    expect(lookupCompany(index, { email: 'ann@bluefjord.example' })?.name).toBe('Blue Fjord Analytics Inc.');
    expect(lookupCompany(index, { email: 'ann@BlueFjord-Mail.example' })?.name).toBe(
      'Blue Fjord Analytics Inc.',
    );
    expect(lookupCompany(index, { email: 'ann@eu.cedarmedia.example' })?.name).toBe('Cedar Media GmbH');
  });

  it('finds a company by normalized name when the domain says nothing', () => {
    expect(lookupCompany(index, { email: 'ann@gmail.com', company: 'blue fjord analytics' })?.name).toBe(
      'Blue Fjord Analytics Inc.',
    );
    expect(lookupCompany(index, { company: 'CEDAR MEDIA, Ltd.' })?.name).toBe('Cedar Media GmbH');
    expect(lookupCompany(index, { company: 'Unknown Works' })).toBeNull();
  });

  it('never matches a free-mail domain, even when a dataset lists one', () => {
    expect(lookupCompany(index, { email: 'someone@gmail.com' })).toBeNull();
  });

  it('prefers the domain over the name', () => {
    expect(
      lookupCompany(index, { email: 'a@cedarmedia.example', company: 'Blue Fjord Analytics' })?.name,
    ).toBe('Cedar Media GmbH');
  });

  it('enriches with the company fields and the job level from the title', async () => {
    await expect(provider.enrich({ email: 'ann@bluefjord.example', title: 'VP Marketing' })).resolves.toEqual(
      {
        company_revenue: 12_000_000,
        industry: 'Software',
        company_size: '51-200',
        technologies: ['aws', 'hubspot'],
        social_profiles: { twitter: 'bluefjord' },
        job_level: 'executive',
      },
    );
    await expect(provider.enrich({ email: 'ann@gmail.com', title: 'Intern' })).resolves.toEqual({
      job_level: 'entry',
    });
    await expect(provider.enrich({ email: 'ann@gmail.com' })).resolves.toBeNull();
  });

  it('reads CSV with ;-separated lists and social_<network> columns', () => {
    const csv = [
      'name,domain,industry,company_size,company_revenue,technologies,social_linkedin,social_twitter',
      '"Acme, Inc",acme.example;acme-mail.example,SaaS,11-50,2500000,aws;stripe,company/acme,acme',
      'Bare Co,,,,,,,',
    ].join('\n');
    expect(parseCompanyDataset(csv, 'csv')).toEqual([
      {
        name: 'Acme, Inc',
        domains: ['acme.example', 'acme-mail.example'],
        industry: 'SaaS',
        company_size: '11-50',
        company_revenue: 2_500_000,
        technologies: ['aws', 'stripe'],
        social_profiles: { linkedin: 'company/acme', twitter: 'acme' },
      },
      { name: 'Bare Co', domains: [] },
    ]);
  });

  it('names the row of a bad record', () => {
    expect(() => parseCompanyDataset('name,company_revenue\nAcme,lots', 'csv')).toThrow(
      new CompanyDatasetError('row 2: company_revenue must be a number of dollars'),
    );
    expect(() => parseCompanyDataset('[{"domain":"x.example"}]', 'json')).toThrow(
      /companies\[0\]: a company needs a name/,
    );
    expect(() => parseCompanyDataset('{"nope":1}', 'json')).toThrow(CompanyDatasetError);
  });
});

describe('the shipped dataset', () => {
  const shipped = readFileSync(join(DATA_DIR, 'companies.json'), 'utf8');

  it('is what the generator writes', () => {
    const generated = execFileSync(process.execPath, [join(DATA_DIR, 'generate.mjs'), '--stdout'], {
      encoding: 'utf8',
    });
    expect(generated).toBe(shipped);
  });

  it('holds 200 fictional companies under .example domains, unique by name and domain', () => {
    const companies = parseCompanyDataset(shipped, 'json');
    expect(companies).toHaveLength(200);
    const domains = companies.flatMap((company) => company.domains);
    expect(domains.every((domain) => domain.endsWith('.example'))).toBe(true);
    expect(new Set(domains).size).toBe(domains.length);
    const index = buildCompanyIndex(companies);
    expect(index.byName.size).toBe(200);
  });

  it('loads through loadDatasetProvider and enriches by domain', async () => {
    const provider = await loadDatasetProvider(join(DATA_DIR, 'companies.json'));
    const first = parseCompanyDataset(shipped, 'json')[0]!;
    const result = await provider.enrich({ email: `lead@${first.domains[0]!}`, title: 'Software Engineer' });
    expect(result).toMatchObject({
      industry: first.industry,
      company_size: first.company_size,
      job_level: 'mid',
    });
  });
});
