import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `leadflow login` keeps: the token and the API it was issued by (it is sent to that API only). */
export interface StoredCredentials {
  api: string;
  token: string;
  username: string;
  saved_at: string;
}

/**
 * `$XDG_CONFIG_HOME/leadflow/credentials.json`, or `~/.config/leadflow/credentials.json` when the variable is
 * unset or not absolute (the XDG Base Directory rule).
 */
export function credentialsFile(xdgConfigHome: string | undefined, home: string): string {
  const base = xdgConfigHome?.startsWith('/') ? xdgConfigHome : join(home, '.config');
  return join(base, 'leadflow', 'credentials.json');
}

/** Written readable by the user alone (0600, in a 0700 directory), also when the file existed before. */
export function saveCredentials(file: string, credentials: StoredCredentials): void {
  const dir = join(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The stored credentials, or undefined when there are none (or the file is not ours to read). */
export function readCredentials(file: string): StoredCredentials | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredCredentials>;
    if (typeof parsed.api !== 'string' || typeof parsed.token !== 'string') return undefined;
    return {
      api: parsed.api,
      token: parsed.token,
      username: parsed.username ?? '',
      saved_at: parsed.saved_at ?? '',
    };
  } catch {
    return undefined;
  }
}

/** True when there was a file to remove. */
export function removeCredentials(file: string): boolean {
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}
