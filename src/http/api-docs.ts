import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER } from './api-docs.decorators';

/** Swagger UI; its assets live below it, and the CSP of security-headers.ts is relaxed there. */
export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs-json';

const DESCRIPTION = [
  'SimpleJWT-compatible access/refresh token pairs with server-tracked sessions, rotation and revocation.',
  'Protected routes read `Authorization: Bearer <access>`; error bodies are DRF-style `{detail, code}`',
  '(field errors: `{"field": ["message"]}`), except under /oauth (RFC 6749 `{error, error_description}`).',
].join(' ');

/**
 * Serves the OpenAPI document at /api/docs-json and Swagger UI at /api/docs. Both are public:
 * they are registered on Fastify directly, outside the controllers and so outside the guard.
 * The document is built on the first request: building it scans every controller, which tests
 * that never ask for it should not pay for.
 */
export function registerApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('token-service')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
  SwaggerModule.setup(API_DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: API_DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'token-service API',
  });
}
