import { clearSession, loadSession } from './session';

/** One problem the API names: `field` is a dotted path into the request body ("conditions.all.0.value"). */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

/** The API's one error shape, carried by every failed call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }

  /** Errors at `field` or below it. */
  at(field: string): FieldError[] {
    return this.errors.filter((error) => error.field === field || error.field.startsWith(`${field}.`));
  }
}

let onUnauthorized: () => void = () => undefined;
let onWrite: (path: string) => void = () => undefined;

/** Called after every successful write, so that cached reads it changed are read again. */
export function setWriteHandler(handler: (path: string) => void): void {
  onWrite = handler;
}

// POSTs that compute an answer and change nothing: they leave the cached reads alone.
const READ_ONLY_POSTS = /\/(validate|simulate|dry_run|test_rule|token)\/?$/;

/** Called when the API answers 401 (expired token): the app goes back to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** A reply's body with the headers it came with. */
interface Exchange<T> {
  body: T;
  headers: Headers;
}

async function exchange<T>(method: string, path: string, body?: unknown): Promise<Exchange<T>> {
  const session = loadSession();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problem = (parsed ?? {}) as { message?: string; errors?: FieldError[] };
    if (response.status === 401 && session) {
      clearSession();
      onUnauthorized();
    }
    throw new ApiError(response.status, problem.message ?? response.statusText, problem.errors ?? []);
  }
  if (method !== 'GET' && !READ_ONLY_POSTS.test(path.split('?')[0] ?? path)) onWrite(path);
  return { body: parsed as T, headers: response.headers };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, path, body)).body;
}

/** A save that publishes a rule-set version: its body, and the rescoring of every lead it started or joined. */
export interface Publication<T> {
  body: T;
  /** the bulk job id of the rescoring (the API's X-Rescoring-Job header); undefined when none was started */
  rescoringJob: string | undefined;
}

async function publishing<T>(method: string, path: string, body?: unknown): Promise<Publication<T>> {
  const reply = await exchange<T>(method, path, body);
  return { body: reply.body, rescoringJob: reply.headers.get('x-rescoring-job') ?? undefined };
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: (path: string) => request<null>('DELETE', path),
  /** POST, PUT, PATCH or DELETE of a rule, criterion or the settings, which each publish a version */
  publish: <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    publishing<T>(method, path, body),
};

/** A query string from the defined, non-empty entries of `params`. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    return [error.message, ...details].join(' — ');
  }
  return error instanceof Error ? error.message : String(error);
}
