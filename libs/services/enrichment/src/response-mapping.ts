import { JOB_LEVELS, type EnrichmentField, type EnrichmentResult, type JobLevel } from './types';

/**
 * Where a field is in a provider's JSON response: a path such as `metrics.employeesRange` or `tech[0]`, or
 * several paths of which the first one holding a value wins.
 */
export type ValuePath = string | readonly string[];

/** How a provider's JSON response maps to our fields; `social_profiles` maps each network to a path. */
export type ResponseMapping = {
  [F in Exclude<EnrichmentField, 'social_profiles'>]?: ValuePath;
} & { social_profiles?: Readonly<Record<string, ValuePath>> };

/** The value at a path (`a.b[2].c`), or undefined when any step is missing. Pure. */
export function readPath(value: unknown, path: string): unknown {
  const steps = path.match(/[^.[\]]+/g) ?? [];
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current =
      Array.isArray(current) && /^\d+$/.test(step) ? current[Number(step)] : Reflect.get(current, step);
  }
  return current;
}

function readFirst(value: unknown, path: ValuePath): unknown {
  const paths = typeof path === 'string' ? [path] : path;
  for (const each of paths) {
    const found = readPath(value, each);
    if (found !== undefined && found !== null && found !== '') return found;
  }
  return undefined;
}

const MULTIPLIERS: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/**
 * Annual revenue in dollars from a number or a text: "$10M-$50M" is its lower bound 10,000,000 (the amount
 * the company is known to reach), "$1B+" is 1,000,000,000, "2,500,000" is 2,500,000. Pure.
 */
export function parseRevenue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /(\d[\d,]*(?:\.\d+)?)\s*([kmbt])?/i.exec(value);
  if (!match?.[1]) return undefined;
  const amount = Number(match[1].replace(/,/g, ''));
  const multiplier = MULTIPLIERS[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number.isFinite(amount) ? Math.round(amount * multiplier) : undefined;
}

const asText = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const asTextList = (value: unknown): string[] | undefined => {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;]/) : [];
  const texts = items.map(asText).filter((item): item is string => item !== undefined);
  return texts.length > 0 ? texts : undefined;
};

const asJobLevel = (value: unknown): JobLevel | undefined => {
  const text = asText(value)?.toLowerCase();
  return JOB_LEVELS.find((level) => level === text);
};

/** Our fields from a provider's JSON response; a value of the wrong shape is left out. Pure. */
export function mapResponse(body: unknown, mapping: ResponseMapping): EnrichmentResult {
  const result: EnrichmentResult = {};
  const at = (path: ValuePath | undefined): unknown =>
    path === undefined ? undefined : readFirst(body, path);

  const revenue = parseRevenue(at(mapping.company_revenue));
  if (revenue !== undefined) result.company_revenue = revenue;
  const industry = asText(at(mapping.industry));
  if (industry !== undefined) result.industry = industry;
  const size = asText(at(mapping.company_size));
  if (size !== undefined) result.company_size = size;
  const technologies = asTextList(at(mapping.technologies));
  if (technologies !== undefined) result.technologies = technologies;
  const jobLevel = asJobLevel(at(mapping.job_level));
  if (jobLevel !== undefined) result.job_level = jobLevel;

  const profiles: Record<string, string> = {};
  for (const [network, path] of Object.entries(mapping.social_profiles ?? {})) {
    const handle = asText(readFirst(body, path));
    if (handle !== undefined) profiles[network] = handle;
  }
  if (Object.keys(profiles).length > 0) result.social_profiles = profiles;
  return result;
}
