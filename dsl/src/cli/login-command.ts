import { type ApiTarget, apiBase, requestJson } from './api-client';
import { removeCredentials, saveCredentials } from './credentials';
import { printJson, type CliIo, type OutputFormat } from './output';
import { UsageError } from './read-files';

export interface LoginOptions {
  /** the API address, from --api, LEADFLOW_API_URL or an earlier login */
  api: string;
  username: string;
  /** the password, read from standard input (--password-stdin), so it is in no shell history or `ps` */
  password: string;
  format: OutputFormat;
}

/**
 * `leadflow login`: exchanges a username and password for a bearer token (POST /api/auth/token) and keeps
 * it in the user's config directory, readable by the user alone, for the commands that talk to the API.
 */
export async function loginCommand(options: LoginOptions, file: string, io: CliIo): Promise<number> {
  if (options.password === '') throw new UsageError('no password: pass --password-stdin and pipe it in');
  const base = apiBase(options.api);
  const target: ApiTarget = { base, headers: { 'content-type': 'application/json' } };
  const issued = (await requestJson(target, 'POST', '/auth/token', {
    username: options.username,
    password: options.password,
  })) as { access_token: string; expires_in: number };
  saveCredentials(file, {
    api: base,
    token: issued.access_token,
    username: options.username,
    saved_at: new Date().toISOString(),
  });
  if (options.format === 'json') {
    printJson(io, { ok: true, api: base, username: options.username, file, expires_in: issued.expires_in });
  } else {
    io.stdout(
      `Logged in to ${base} as ${options.username}; token kept in ${file} (mode 0600), valid for ${issued.expires_in} s.\n`,
    );
  }
  return 0;
}

/** `leadflow logout`: forgets the stored token. Logging out twice is no error. */
export function logoutCommand(file: string, format: OutputFormat, io: CliIo): number {
  const removed = removeCredentials(file);
  if (format === 'json') printJson(io, { ok: true, removed, file });
  else io.stdout(removed ? `Logged out: removed ${file}.\n` : `Not logged in (no ${file}).\n`);
  return 0;
}
