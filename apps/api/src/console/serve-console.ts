import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { findConsoleDist } from './console-files';
import { CONSOLE_BASE, isClientRoute, routeOf } from './console-routes';

/**
 * Serves the built console (apps/console/dist) at /admin, with index.html for client-side routes so that
 * deep links and reloads work. /admin/queues belongs to Bull Board and is passed on untouched. Without a
 * build the API still starts and says how to make one.
 */
export function mountConsole(app: NestExpressApplication, logger: Logger, start = __dirname): void {
  const dist = findConsoleDist(start);
  if (!dist) {
    logger.warn('console not built: /admin is unavailable until `npm run build:console` is run');
    return;
  }
  const index = join(dist, 'index.html');
  // Vite names assets by content hash, so they never change; index.html must always be revalidated.
  const files = express.static(dist, {
    index: false,
    redirect: false,
    setHeaders: (response, path) => {
      const immutable = path.startsWith(join(dist, 'assets'));
      response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (response: Response) => {
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(index);
  };

  app.use(CONSOLE_BASE, (request: Request, response: Response, next: NextFunction) => {
    const path = request.originalUrl.split('?')[0] ?? '';
    const route = routeOf(path);
    if (route === 'pass' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      next();
      return;
    }
    if (route === 'redirect') {
      response.redirect(301, `${CONSOLE_BASE}/`);
      return;
    }
    files(request, response, () => {
      if (isClientRoute(path)) sendIndex(response);
      else next();
    });
  });
  logger.info({ dist }, `console at ${CONSOLE_BASE}/`);
}
