import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { companyDomain, domainCandidates, FREE_MAIL_DOMAINS, normalizeCompanyName } from './company-keys';
import { csvRecords } from './csv';
import { classifyJobLevel } from './job-level';
import { compactResult, type EnrichmentLead, type EnrichmentProvider, type EnrichmentResult } from './types';

/** One company of a dataset file. `domains` lists every email domain of the company. */
export interface CompanyRecord {
  name: string;
  domains: string[];
  industry?: string;
  company_size?: string;
  company_revenue?: number;
  technologies?: string[];
  social_profiles?: Record<string, string>;
}

export interface CompanyIndex {
  byDomain: ReadonlyMap<string, CompanyRecord>;
  byName: ReadonlyMap<string, CompanyRecord>;
}

export class CompanyDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompanyDatasetError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const list = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.map(text).filter((item): item is string => item !== undefined);
  if (typeof value === 'string') return list(value.split(';'));
  return [];
};

function toRecord(raw: Record<string, unknown>, where: string): CompanyRecord {
  const name = text(raw.name);
  const domains = [...list(raw.domains), ...list(raw.domain)].map((domain) => domain.toLowerCase());
  if (name === undefined) throw new CompanyDatasetError(`${where}: a company needs a name`);
  const revenueText =
    typeof raw.company_revenue === 'string' ? raw.company_revenue.trim() : raw.company_revenue;
  const revenue = revenueText === '' || revenueText === undefined ? undefined : Number(revenueText);
  if (revenue !== undefined && !Number.isFinite(revenue)) {
    throw new CompanyDatasetError(`${where}: company_revenue must be a number of dollars`);
  }
  const social = isRecord(raw.social_profiles)
    ? Object.fromEntries(
        Object.entries(raw.social_profiles).flatMap(([network, handle]) => {
          const value = text(handle);
          return value === undefined ? [] : [[network, value]];
        }),
      )
    : Object.fromEntries(
        Object.entries(raw).flatMap(([column, handle]) => {
          const value = text(handle);
          return column.startsWith('social_') && value !== undefined ? [[column.slice(7), value]] : [];
        }),
      );
  const industry = text(raw.industry);
  const size = typeof raw.company_size === 'number' ? String(raw.company_size) : text(raw.company_size);
  const technologies = list(raw.technologies);
  return {
    name,
    domains,
    ...(industry !== undefined && { industry }),
    ...(size !== undefined && { company_size: size }),
    ...(revenue !== undefined && { company_revenue: revenue }),
    ...(technologies.length > 0 && { technologies }),
    ...(Object.keys(social).length > 0 && { social_profiles: social }),
  };
}

/**
 * Parses a dataset: JSON (an array of companies, or `{ "companies": [...] }`) or CSV (columns `name`,
 * `domain` (several separated by `;`), `industry`, `company_size`, `company_revenue`, `technologies`
 * (separated by `;`) and one `social_<network>` column per network). Pure; throws CompanyDatasetError.
 */
export function parseCompanyDataset(content: string, format: 'json' | 'csv'): CompanyRecord[] {
  if (format === 'csv') {
    let rows: Record<string, string>[];
    try {
      rows = csvRecords(content);
    } catch (error) {
      throw new CompanyDatasetError((error as Error).message);
    }
    return rows.map((row, index) => toRecord(row, `row ${index + 2}`));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new CompanyDatasetError(`not valid JSON: ${(error as Error).message}`);
  }
  const companies = isRecord(parsed) ? parsed.companies : parsed;
  if (!Array.isArray(companies)) {
    throw new CompanyDatasetError('expected an array of companies or { "companies": [...] }');
  }
  return companies.map((raw: unknown, index) => {
    if (!isRecord(raw)) throw new CompanyDatasetError(`companies[${index}]: not an object`);
    return toRecord(raw, `companies[${index}]`);
  });
}

/** Indexes companies by email domain (free-mail domains never) and normalized name; the first one wins. */
export function buildCompanyIndex(records: readonly CompanyRecord[]): CompanyIndex {
  const byDomain = new Map<string, CompanyRecord>();
  const byName = new Map<string, CompanyRecord>();
  for (const record of records) {
    for (const domain of record.domains) {
      if (!FREE_MAIL_DOMAINS.has(domain) && !byDomain.has(domain)) byDomain.set(domain, record);
    }
    const key = normalizeCompanyName(record.name);
    if (key !== '' && !byName.has(key)) byName.set(key, record);
  }
  return { byDomain, byName };
}

/** The lead's company: by the email's domain (or a parent domain) first, then by the normalized name. */
export function lookupCompany(index: CompanyIndex, lead: EnrichmentLead): CompanyRecord | null {
  const domain = companyDomain(lead.email);
  if (domain !== null) {
    for (const candidate of domainCandidates(domain)) {
      const record = index.byDomain.get(candidate);
      if (record) return record;
    }
  }
  const name = normalizeCompanyName(lead.company);
  return (name !== '' && index.byName.get(name)) || null;
}

export function companyToResult(record: CompanyRecord): EnrichmentResult {
  return {
    ...(record.company_revenue !== undefined && { company_revenue: record.company_revenue }),
    ...(record.industry !== undefined && { industry: record.industry }),
    ...(record.company_size !== undefined && { company_size: record.company_size }),
    ...(record.technologies && { technologies: [...record.technologies] }),
    ...(record.social_profiles && { social_profiles: { ...record.social_profiles } }),
  };
}

/** The `dataset` provider over records already loaded: company fields from the dataset, job level from the title. */
export function createDatasetProvider(
  records: readonly CompanyRecord[],
  name = 'dataset',
): EnrichmentProvider {
  const index = buildCompanyIndex(records);
  return {
    name,
    enrich(lead) {
      const company = lookupCompany(index, lead);
      const jobLevel = classifyJobLevel(lead.title);
      const result = compactResult({
        ...(company && companyToResult(company)),
        ...(jobLevel !== null && { job_level: jobLevel }),
      });
      return Promise.resolve(result);
    },
  };
}

/** Reads a `.json` or `.csv` dataset file (the format follows the extension) into the `dataset` provider. */
export async function loadDatasetProvider(path: string, name = 'dataset'): Promise<EnrichmentProvider> {
  const format = extname(path).toLowerCase() === '.csv' ? 'csv' : 'json';
  const content = await readFile(path, 'utf8');
  try {
    return createDatasetProvider(parseCompanyDataset(content, format), name);
  } catch (error) {
    if (error instanceof CompanyDatasetError) throw new CompanyDatasetError(`${path}: ${error.message}`);
    throw error;
  }
}
