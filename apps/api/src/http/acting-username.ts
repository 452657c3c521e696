import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/auth.decorators';

/**
 * The caller's username for audit fields such as a rule-set version's `created_by`, or null on a route the
 * auth guard let through without a user.
 */
export const ActingUsername = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null => {
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    return request.user?.username ?? null;
  },
);
