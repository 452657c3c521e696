import { SetMetadata } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import type { AuthenticatedUser } from './auth.decorators';
import type { AuthService } from './auth.service';

/** The cookie the console sets on login (`leadflow_token=<jwt>; path=/; SameSite=Strict`). */
export const TOKEN_COOKIE = 'leadflow_token';

export const ACCEPTS_TOKEN_COOKIE = 'leadflow:accepts-token-cookie';

/**
 * A route a browser opens without being able to set headers (EventSource, a dashboard page), so the guard
 * also takes the JWT from the `leadflow_token` cookie there. Only such routes: everywhere else a cookie would
 * make every write a cross-site request forgery target, so ordinary endpoints ignore it.
 */
export const AcceptsTokenCookie = () => SetMetadata(ACCEPTS_TOKEN_COOKIE, true);

/** The value of one cookie in a `Cookie` header, or undefined when it is absent or empty. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(raw) || undefined;
    } catch {
      return raw || undefined;
    }
  }
  return undefined;
}

/**
 * The user behind the `leadflow_token` cookie of a request: the one place that turns that cookie into a
 * principal, for the auth guard (routes marked @AcceptsTokenCookie) and for plain Express middleware such as
 * the Bull Board at /admin/queues (`app.get(AuthService)` gives the service). Throws a 401 DomainError when
 * the cookie is absent, the JWT is bad or expired, or its user is gone or inactive.
 */
export async function principalFromTokenCookie(
  auth: AuthService,
  cookieHeader: string | undefined,
): Promise<AuthenticatedUser> {
  const token = readCookie(cookieHeader, TOKEN_COOKIE);
  if (token === undefined) {
    throw new DomainError(
      ErrorCode.UNAUTHORIZED,
      `Authentication required: send a bearer token, X-API-Key or the ${TOKEN_COOKIE} cookie`,
    );
  }
  return auth.authenticateToken(token);
}
