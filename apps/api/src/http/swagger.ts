import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { TOKEN_COOKIE } from '../auth/token-cookie';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Leadflow API')
    .setDescription(
      'Lead scoring and qualification: scoring rules, qualification criteria, workflows and their executions. ' +
        'Errors always have the shape `{status_code, error, message, errors: [{field, message}]}`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    // Only routes marked @AcceptsTokenCookie (the SSE stream) take it; browsers cannot set headers there.
    .addCookieAuth(TOKEN_COOKIE, { type: 'apiKey', in: 'cookie', name: TOKEN_COOKIE }, TOKEN_COOKIE)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger UI at /api/docs and the OpenAPI document at /api/docs-json. */
export function mountSwagger(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
