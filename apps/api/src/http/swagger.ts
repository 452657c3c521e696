import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  SecurityRequirementObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLIC_OPERATION_EXTENSION } from '../auth/auth.decorators';
import { TOKEN_COOKIE } from '../auth/token-cookie';
import { ErrorBodyDto } from './error-body.dto';

/** The OAuth2 password flow's scheme: a bearer token got by username and password. */
const PASSWORD_LOGIN = 'password-login';
const CREDENTIALS: SecurityRequirementObject[] = [
  { bearer: [] },
  { [PASSWORD_LOGIN]: [] },
  { 'api-key': [] },
];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Leadflow API')
    .setDescription(
      'Lead scoring and qualification: scoring rules, qualification criteria, workflows and their executions. ' +
        'Errors always have the shape `{status_code, error, message, errors: [{field, message, code}]}`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    // Swagger UI's Authorize logs in with a username and password through the token endpoint.
    .addOAuth2(
      { type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } } },
      PASSWORD_LOGIN,
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    // Only routes marked @AcceptsTokenCookie (the SSE stream) take it; browsers cannot set headers there.
    .addCookieAuth(TOKEN_COOKIE, { type: 'apiKey', in: 'cookie', name: TOKEN_COOKIE }, TOKEN_COOKIE)
    .build();
  return documentUnavailable(
    documentCredentials(SwaggerModule.createDocument(app, config, { extraModels: [ErrorBodyDto] })),
  );
}

const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Every operation but the @Public() ones takes a bearer token or an X-API-Key and answers 401 without one,
 * as the global auth guard decides; written here once for all of them, so a new controller is documented
 * the way it behaves. An operation's own schemes (the SSE stream's cookie) are further alternatives.
 */
function documentCredentials(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const key of OPERATION_KEYS) {
      const operation = item[key] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      if (operation[PUBLIC_OPERATION_EXTENSION] === true) continue;
      operation.security = [...CREDENTIALS, ...(operation.security ?? [])];
      operation.responses['401'] ??= { description: 'No or bad credentials.' };
    }
  }
  return document;
}

/**
 * Any operation may meet a dependency that is down (the storage server for nearly all, Redis for the
 * queues), and the exception filter answers that with a 503 and Retry-After: written once for all, as the
 * filter does it once for all. An operation that says more about its 503 keeps its own words.
 */
function documentUnavailable(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const key of OPERATION_KEYS) {
      const operation = item[key];
      if (!operation) continue;
      operation.responses['503'] ??= {
        description:
          'A dependency (MongoDB, Redis) is unreachable. The body names it (`errors[].code` such as ' +
          'STORAGE_UNAVAILABLE or REDIS_UNAVAILABLE) for authenticated callers and says only ' +
          'DEPENDENCY_UNAVAILABLE to others; `Retry-After` gives the seconds to wait.',
        headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
      };
    }
  }
  return document;
}

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    // The Authorize dialog's login survives a page reload.
    swaggerOptions: { persistAuthorization: true },
  });
}
