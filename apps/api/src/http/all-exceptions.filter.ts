import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { toErrorBody } from './error-response';

/** The single place where errors become HTTP responses; controllers never build error JSON. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const errorBody = toErrorBody(error);
    if (errorBody.status_code >= 500) {
      this.logger.error({ err: error, request_id: request.id, path: request.url }, 'request failed');
    }
    if (response.headersSent) return;
    response.status(errorBody.status_code).json(errorBody);
  }
}
