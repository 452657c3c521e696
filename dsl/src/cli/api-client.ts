import type { CliConfig } from '@leadflow/config';
import { UsageError } from './read-files';

/** Credentials and address of a Leadflow API, from `--api` and the environment the CLI was started with. */
export interface ApiTarget {
  /** e.g. http://127.0.0.1:3000/api */
  base: string;
  headers: Record<string, string>;
}

/** An answer of the API other than 2xx, or no answer at all: exit code 1 with the server's own words. */
export class ApiError extends Error {}

/**
 * `--api http://host:3000` or `http://host:3000/api` (falling back to LEADFLOW_API_URL); a bearer token from
 * LEADFLOW_TOKEN, else an API key from LEADFLOW_API_KEY sent as X-API-Key.
 */
export function apiTarget(api: string | undefined, config: CliConfig): ApiTarget {
  const given = api ?? config.LEADFLOW_API_URL;
  if (!given) throw new UsageError('no API address: pass --api URL or set LEADFLOW_API_URL');
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
  const base = `${url.origin}${path.endsWith('/api') ? path : `${path}/api`}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.LEADFLOW_TOKEN) headers.authorization = `Bearer ${config.LEADFLOW_TOKEN}`;
  else if (config.LEADFLOW_API_KEY) headers['x-api-key'] = config.LEADFLOW_API_KEY;
  return { base, headers };
}

interface ErrorBody {
  message?: unknown;
  errors?: { field?: string; message?: string }[];
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
  throw new ApiError(describeFailure(response.status, parsed as ErrorBody | null, target));
}

function describeFailure(status: number, body: ErrorBody | null, target: ApiTarget): string {
  const lines = [
    `the API answered ${status}: ${typeof body?.message === 'string' ? body.message : 'no details'}`,
  ];
  for (const problem of body?.errors ?? []) {
    lines.push(`  ${problem.field || '/'}: ${problem.message ?? ''}`);
  }
  if (status === 401 && !target.headers.authorization && !target.headers['x-api-key']) {
    lines.push('  set LEADFLOW_TOKEN (a bearer token from POST /api/auth/token) or LEADFLOW_API_KEY');
  }
  return lines.join('\n');
}
