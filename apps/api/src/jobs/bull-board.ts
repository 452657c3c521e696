import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { registeredQueues } from '@leadflow/jobs';
import { type AuthenticatedUser, roleIncludes } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { principalFromTokenCookie } from '../auth/token-cookie';
import { toErrorBody } from '../http/error-response';

export const BULL_BOARD_PATH = '/admin/queues';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/**
 * Who opens the board: a bearer token or X-API-Key like every API call, or else the console's
 * `leadflow_token` cookie, since a browser cannot put headers on a page load. The board is read-only for
 * nobody: it can retry and remove jobs, so it needs the admin role.
 */
export function requireAdmin(auth: AuthService): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const rawApiKey = request.headers['x-api-key'];
    const apiKey = Array.isArray(rawApiKey) ? rawApiKey[0] : rawApiKey;
    const fromHeaders = apiKey !== undefined || request.headers.authorization !== undefined;
    const principal: Promise<AuthenticatedUser> = fromHeaders
      ? auth.authenticate(request.headers.authorization, apiKey)
      : principalFromTokenCookie(auth, request.headers.cookie);
    principal
      .then((user) => {
        if (!roleIncludes(user.role, 'admin')) {
          throw new DomainError(ErrorCode.FORBIDDEN, `This needs the admin role; you have ${user.role}`);
        }
        next();
      })
      .catch((error: unknown) => {
        const body = toErrorBody(error);
        response.status(body.status_code).json(body);
      });
  };
}

/**
 * Bull Board over every queue at /admin/queues, behind requireAdmin. It handles only paths under its own
 * base, so it works whether the console (served at /admin, which passes /admin/queues on) is mounted
 * before or after it.
 */
export function mountBullBoard(app: NestExpressApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: registeredQueues(app).map(({ queue }) => new BullAdapter(queue)),
    // @bull-board/express 9.10.1 declares its types against its own copy of @bull-board/api 9.10.1; the
    // adapter only calls the board's public methods, so the 9.10.2 board takes it as it is.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: 'Leadflow queues' } },
  });
  app.use(BULL_BOARD_PATH, requireAdmin(app.get(AuthService, { strict: false })), serverAdapter.getRouter());
}
