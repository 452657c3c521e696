import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Roles from least to most powerful; each includes the ones before it. */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REQUIRED_ROLE = 'leadflow:required-role';
export const IS_PUBLIC = 'leadflow:public';

/**
 * The least role a route needs. Without it the global guard asks `viewer` for GET/HEAD and `editor` for
 * every other method, so a new write endpoint is never open to viewers by accident.
 */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Marks a public operation in the Swagger document, which documents credentials on every other one. */
export const PUBLIC_OPERATION_EXTENSION = 'x-leadflow-public';

/** A route anyone may call without credentials (health, docs, the token endpoint). */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/** Who is calling, as the guard established it from a bearer token or an X-API-Key. */
export interface AuthenticatedUser {
  id: number;
  username: string;
  role: Role;
  via: 'token' | 'api_key';
}

/**
 * What the guard leaves on a request: the user, or, when the storage server was down so the user could
 * not be read, only that the bearer token was verified (an identified caller may hear which dependency).
 */
export interface CallerOfRequest {
  user?: AuthenticatedUser;
  tokenVerified?: boolean;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    if (!request.user) throw new Error('CurrentUser used on a route the auth guard did not authenticate');
    return request.user;
  },
);

export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
