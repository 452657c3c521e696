import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '@leadflow/config';

/** Whether logs go out for people (pretty) or for machines (JSON): `auto` asks whether stdout is a terminal. */
export function prettyLogs(format: Config['LOG_FORMAT'], stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/**
 * Logs on stdout: structured JSON, one object per line, as log shippers expect (CI, production); or, for a
 * person at a terminal, one coloured line per entry with its time, and stack traces on lines of their own.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>,
  name: string,
  /** where the lines go; stdout when not given */
  destination?: DestinationStream,
): Logger {
  const options = { name, level: config.LOG_LEVEL, base: { service: name } };
  if (!prettyLogs(config.LOG_FORMAT, process.stdout.isTTY)) {
    return destination ? pino(options, destination) : pino(options);
  }
  const stream: DestinationStream = pretty({
    sync: true,
    colorize: destination ? false : undefined,
    translateTime: 'SYS:HH:MM:ss.l',
    // The request line says method, path, status and time in its message; the JSON form keeps the fields.
    ignore: 'pid,hostname,service,context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
    ...(destination ? { destination: destination as NodeJS.WritableStream } : {}),
  });
  return pino(options, stream);
}

/** Lets NestJS's own messages (module init, route mapping, errors) go through the same pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    // As `err`, so that the pretty output prints the stack on its own lines (and JSON keeps it whole).
    this.logger.error(
      { context, ...(trace ? { err: { message: String(message), stack: trace } } : {}) },
      String(message),
    );
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
