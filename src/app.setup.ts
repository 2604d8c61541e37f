import { INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { registerApiDocs } from './http/api-docs';
import { answerClientError, answerFrameworkError } from './http/client-error';
import { registerCookies } from './http/cookies';
import { closeKeepAliveOnShutdown } from './http/graceful-shutdown';
import { AccessLogger, bindRequestLogger } from './http/access.logger';
import { replaceJsonParser } from './http/json-body';
import { requestIdOf, rootLogger } from './http/log.params';
import { requestChildLogger } from './http/request.logger';
import { registerSecurityHeaders } from './http/security-headers';
import { registerPublicUrl } from './http/public-url';
import { httpConfig } from './config/configuration';
import { HttpSettings } from './config/settings';
import { Metrics } from './metrics/metrics.service';
import { requestLatencyObserver } from './metrics/request-metrics';

/** Token requests are tiny; anything bigger is refused before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Nest adds its body parsers when the application initialises; the JSON one is replaced there. */
class ApiFastifyAdapter extends FastifyAdapter {
  constructor(
    readonly accessLogger: AccessLogger,
    options: FastifyServerOptions,
  ) {
    super(options);
  }

  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    super.registerParserMiddleware(prefix, rawBody);
    replaceJsonParser(this.getInstance());
  }
}

/**
 * One adapter setup for the server and the tests, so both answer and log the same. Fastify's own
 * logger writes the access line and gives every request its logger with `reqId` (`RequestLogger`).
 */
export function createFastifyAdapter(http: Pick<HttpSettings, 'trustProxy'>, logLevel: string): FastifyAdapter {
  const accessLogger = new AccessLogger();
  return new ApiFastifyAdapter(accessLogger, {
    loggerInstance: rootLogger(logLevel),
    logController: accessLogger,
    childLoggerFactory: requestChildLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: http.trustProxy,
    genReqId: requestIdOf(http.trustProxy),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
    // Node's own limit (16 KiB of headers) stays: a larger header is a 431 in our JSON.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // While shutting down, a request on a connection that is already open is served and the
    // connection closed after it, rather than refused with Fastify's own 503 body (not our JSON).
    return503OnClosing: false,
  });
}

export function configureApp(app: INestApplication): NestFastifyApplication {
  const fastifyApp = app as NestFastifyApplication;
  const fastify = fastifyApp.getHttpAdapter().getInstance();
  // Only JSON and form bodies are accepted (415 otherwise), as in SimpleJWT.
  fastify.removeContentTypeParser('text/plain');
  // The refresh-token cookie of cookie mode, read and set by the routes that use it.
  registerCookies(fastify);
  fastify.addHook('preHandler', bindRequestLogger);
  registerSecurityHeaders(fastify);
  registerPublicUrl(fastify, fastifyApp.get<HttpSettings>(httpConfig.KEY).publicUrl);
  const adapter = fastifyApp.getHttpAdapter();
  if (!(adapter instanceof ApiFastifyAdapter))
    throw new Error('configureApp needs the adapter of createFastifyAdapter');
  adapter.accessLogger.observeCompletions(requestLatencyObserver(fastifyApp.get(Metrics)));
  registerApiDocs(fastifyApp);
  closeKeepAliveOnShutdown(fastify);
  // SIGTERM: stop accepting, finish the requests in flight, close the pool (TypeORM's shutdown
  // hook), then exit 0. Without `useProcessExit` Nest re-raises the signal and the exit status
  // says "killed", which orchestrators report as a crash.
  fastifyApp.enableShutdownHooks([], { useProcessExit: true });
  return fastifyApp;
}
