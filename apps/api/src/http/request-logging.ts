import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Reads that clients repeat on a timer (health probes, job progress, the dev launcher's wait): logged at
 * debug, so that `npm run dev` shows the requests a person made. Anything else, and any error, at info or
 * above.
 */
const POLLED = [/^\/api\/health\/?(\?|$)/, /^\/api\/jobs\//, /\/bulk_calculate\/[^/]+\/?(\?|$)/];

export function isPolling(method: string | undefined, url: string | undefined): boolean {
  return method === 'GET' && url !== undefined && POLLED.some((pattern) => pattern.test(url));
}

/**
 * One log line per request, carrying a request id: the caller's X-Request-Id when it is sane, else a
 * new one; it is echoed back so that a client can quote it when reporting a problem.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (request, response, error) => {
      if (error || response.statusCode >= 500) return 'error';
      if (response.statusCode >= 400) return 'warn';
      return isPolling(request.method, request.url) ? 'debug' : 'info';
    },
    customSuccessMessage: (request, response, responseTime) =>
      `${request.method ?? ''} ${request.url ?? ''} ${response.statusCode} ${Math.round(responseTime)} ms`,
    customErrorMessage: (request, response, error) =>
      `${request.method ?? ''} ${request.url ?? ''} ${response.statusCode}: ${error.message}`,
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: request.url,
      }),
      res: (response: { statusCode: number }) => ({ status_code: response.statusCode }),
    },
  });
}
