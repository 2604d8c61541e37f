import { INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpSettings } from './config/settings';

/** Token requests are tiny; anything bigger is refused before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** One adapter setup for the server and the tests, so both answer the same. */
export function createFastifyAdapter(http: Pick<HttpSettings, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: http.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
  });
}

export function configureApp(app: INestApplication): NestFastifyApplication {
  const fastifyApp = app as NestFastifyApplication;
  // Only JSON and form bodies are accepted (415 otherwise), as in SimpleJWT.
  fastifyApp.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  fastifyApp.enableShutdownHooks();
  return fastifyApp;
}
