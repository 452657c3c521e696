import type { CliConfig } from '@leadflow/config';
import type { StoredCredentials } from './credentials';
import { UsageError } from './read-files';

/** Credentials and address of a Leadflow API, from the flags, the environment and `leadflow login`. */
export interface ApiTarget {
  /** e.g. http://127.0.0.1:3000/api */
  base: string;
  headers: Record<string, string>;
}

/** One problem of the API's error body; `pointer` comes with problems inside a rule set's items. */
export interface ApiProblem {
  field?: string;
  message?: string;
  code?: string;
  pointer?: string;
}

/** An answer of the API other than 2xx, or no answer at all: exit code 1 with the server's own words. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
  }
}

/** What the command line gave: `--api` and `--token`. */
export interface ApiFlags {
  api?: string;
  token?: string;
}

/** http://host:3000, http://host:3000/ or http://host:3000/api -> http://host:3000/api; a usage error otherwise. */
export function apiBase(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--api is not a URL: ${given}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api must be an http(s) URL: ${given}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path.endsWith('/api') ? path : `${path}/api`}`;
}

/**
 * Where to send requests and with which credentials. Each comes from the first of: the flag (`--api`,
 * `--token`), the environment (LEADFLOW_API_URL; LEADFLOW_TOKEN, else LEADFLOW_API_KEY), then what
 * `leadflow login` stored. A stored token is only ever sent to the API it was issued by.
 */
export function apiTarget(
  flags: ApiFlags,
  config: CliConfig,
  stored: StoredCredentials | undefined,
): ApiTarget {
  const given = flags.api ?? config.LEADFLOW_API_URL ?? stored?.api;
  if (!given) {
    throw new UsageError('no API address: pass --api URL, set LEADFLOW_API_URL or run leadflow login');
  }
  const base = apiBase(given);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = flags.token ?? config.LEADFLOW_TOKEN;
  if (token) headers.authorization = `Bearer ${token}`;
  else if (config.LEADFLOW_API_KEY) headers['x-api-key'] = config.LEADFLOW_API_KEY;
  else if (stored && apiBase(stored.api) === base) headers.authorization = `Bearer ${stored.token}`;
  return { base, headers };
}

interface ErrorBody {
  message?: unknown;
  errors?: ApiProblem[];
}

/** One JSON request; a non-2xx answer becomes an ApiError listing every problem the server named. */
export async function requestJson(
  target: ApiTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${target.base}${path}`, {
      method,
      headers: target.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
    throw new ApiError(`cannot reach ${target.base}: ${cause}`);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return parsed;
  const errorBody = parsed as ErrorBody | null;
  throw new ApiError(
    describeFailure(response.status, errorBody, target),
    response.status,
    errorBody?.errors ?? [],
  );
}

function describeFailure(status: number, body: ErrorBody | null, target: ApiTarget): string {
  const lines = [
    `the API answered ${status}: ${typeof body?.message === 'string' ? body.message : 'no details'}`,
  ];
  for (const problem of body?.errors ?? []) {
    lines.push(`  ${problem.field || '/'}: ${problem.message ?? ''}`);
  }
  if (status === 401 && !target.headers.authorization && !target.headers['x-api-key']) {
    lines.push(
      '  run leadflow login, or set LEADFLOW_TOKEN (a bearer token from POST /api/auth/token) or LEADFLOW_API_KEY',
    );
  }
  return lines.join('\n');
}
