import { randomBytes } from 'node:crypto';

export type TestRole = 'viewer' | 'editor' | 'admin';

/** The admin the API seeds at start; tests run with the development default unless ADMIN_* say otherwise. */
export interface AdminCredentials {
  username: string;
  password: string;
}

export const DEFAULT_ADMIN: AdminCredentials = { username: 'admin', password: 'admin' };

/** Logs in and returns request headers carrying the bearer token. */
export async function tokenHeaders(
  baseUrl: string,
  credentials: AdminCredentials,
): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) {
    throw new Error(`login as ${credentials.username} failed: ${response.status} ${await response.text()}`);
  }
  const { access_token: accessToken } = (await response.json()) as { access_token: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

/**
 * Headers for a fresh user of `role` (JSON content type included): the seeded admin creates the user through
 * `POST /api/users/`, then the new user logs in. For `admin` the seeded admin's own token is returned.
 */
export async function loginAs(
  baseUrl: string,
  role: TestRole,
  admin: AdminCredentials = DEFAULT_ADMIN,
): Promise<Record<string, string>> {
  const adminHeaders = await tokenHeaders(baseUrl, admin);
  if (role === 'admin') return adminHeaders;
  const user = {
    username: `${role}-${randomBytes(4).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
  };
  const created = await fetch(`${baseUrl}/api/users/`, {
    method: 'POST',
    headers: adminHeaders,
    body: JSON.stringify({ ...user, role }),
  });
  if (created.status !== 201)
    throw new Error(`creating a ${role} failed: ${created.status} ${await created.text()}`);
  return tokenHeaders(baseUrl, user);
}
