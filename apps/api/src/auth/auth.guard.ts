import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { isStorageUnreachable } from '@leadflow/persistence';
import { type CallerOfRequest, IS_PUBLIC, REQUIRED_ROLE, type Role, roleIncludes } from './auth.decorators';
import { AuthService } from './auth.service';
import { ACCEPTS_TOKEN_COOKIE, principalFromTokenCookie } from './token-cookie';

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The global guard: every route needs credentials unless @Public(), and the role @RequireRole or the method asks. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & CallerOfRequest>();
    const rawApiKey = request.headers['x-api-key'];
    const apiKey = Array.isArray(rawApiKey) ? rawApiKey[0] : rawApiKey;
    // Browsers cannot put headers on an EventSource, so routes marked @AcceptsTokenCookie also take the JWT
    // from the leadflow_token cookie. Outside Nest (Express middleware such as the Bull Board) call the same
    // principalFromTokenCookie(authService, request.headers.cookie) from ./token-cookie.
    const fromCookie =
      apiKey === undefined &&
      request.headers.authorization === undefined &&
      this.reflector.getAllAndOverride<boolean | undefined>(ACCEPTS_TOKEN_COOKIE, targets) === true;
    let user;
    try {
      user = fromCookie
        ? await principalFromTokenCookie(this.auth, request.headers.cookie)
        : await this.auth.authenticate(request.headers.authorization, apiKey);
    } catch (error) {
      if (isStorageUnreachable(error) && apiKey === undefined) {
        request.tokenVerified = this.auth.roleOfVerifiedToken(request.headers.authorization) !== null;
      }
      throw error;
    }
    request.user = user;
    const needed =
      this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ??
      (READ_METHODS.has(request.method) ? 'viewer' : 'editor');
    if (!roleIncludes(user.role, needed)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${needed} role; you have ${user.role}`);
    }
    return true;
  }
}
