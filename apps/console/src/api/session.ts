/**
 * The signed-in user's token. Kept in sessionStorage (gone with the tab) and mirrored in the
 * `leadflow_token` cookie, which the API accepts only on the browser-only endpoints that cannot send an
 * Authorization header: Bull Board at /admin/queues and the notifications event stream.
 */
export interface Session {
  token: string;
  username: string;
  role: 'viewer' | 'editor' | 'admin';
  expiresAt: number;
}

const STORAGE_KEY = 'leadflow_session';
export const TOKEN_COOKIE = 'leadflow_token';

export function loadSession(): Session | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session;
  return session.expiresAt > Date.now() ? session : undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  document.cookie = `${TOKEN_COOKIE}=${session.token}; path=/; SameSite=Strict`;
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  document.cookie = `${TOKEN_COOKIE}=; path=/; SameSite=Strict; max-age=0`;
}

/** The role claim of a JWT (the API signs `{sub, role}`); the signature is the API's to check. */
export function roleOfToken(token: string): Session['role'] {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: string };
  return claims.role === 'admin' || claims.role === 'editor' ? claims.role : 'viewer';
}
