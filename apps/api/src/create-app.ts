import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Config } from '@leadflow/config';
import { createLogger, NestPinoLogger } from '@leadflow/logging';
import { AppModule } from './app.module';
import { mountConsole } from './console/serve-console';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { bodyGate } from './http/body-gate';
import { placeJsonSyntaxErrors } from './http/json-syntax-errors';
import { requestLogging } from './http/request-logging';
import { mountSwagger } from './http/swagger';
import { createValidationPipe, provideValidatorsFrom } from './http/validation';
import { UserExistsConstraint } from './leads/dto/user-exists.validator';
import { mountBullBoard } from './jobs/bull-board';

/** Builds the API with everything main.ts gives it, so that tests run exactly what production runs. */
export async function createApp(config: Config): Promise<NestExpressApplication> {
  const logger = createLogger(config, 'api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.use(requestLogging(logger));
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  app.use(placeJsonSyntaxErrors);
  app.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
  app.use(bodyGate({ maxDepth: config.BODY_MAX_DEPTH, maxKeys: config.BODY_MAX_KEYS }));
  // Express matches /path and /path/ alike unless strict routing is on; state it so nobody turns it on.
  app.set('strict routing', false);
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  provideValidatorsFrom(app, [UserExistsConstraint]);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger, config.RETRY_AFTER_SECONDS));
  app.enableShutdownHooks();
  mountSwagger(app);
  mountBullBoard(app);
  mountConsole(app, logger);
  return app;
}
