import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { CallerOfRequest } from '../auth/auth.decorators';
import { anonymousUnavailableBody, toErrorBody } from './error-response';

const SERVICE_UNAVAILABLE: number = HttpStatus.SERVICE_UNAVAILABLE;

/** The single place where errors become HTTP responses; controllers never build error JSON. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** The Retry-After of every 503: a dependency is down, and a client should come back, not give up. */
    private readonly retryAfterSeconds: number,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & CallerOfRequest & { id?: string }>();
    const errorBody = toErrorBody(error);
    if (errorBody.status_code >= 500) {
      this.logger.error({ err: error, request_id: request.id, path: request.url }, 'request failed');
    }
    if (response.headersSent) return;
    if (errorBody.status_code !== SERVICE_UNAVAILABLE) {
      response.status(errorBody.status_code).json(errorBody);
      return;
    }
    response.setHeader('Retry-After', String(this.retryAfterSeconds));
    response
      .status(errorBody.status_code)
      .json(request.user || request.tokenVerified === true ? errorBody : anonymousUnavailableBody());
  }
}
