/**
 * The ceiling's bare app (bare-nest.js) with some of the service's documented guarantees added,
 * taken from the compiled service (`dist/`), so that what each one costs on the bare framework
 * can be measured apart from everything else the service does (`guarantee-cost.ts`).
 * `PLUS` is a comma-separated list of:
 *
 * - `headers`: the security headers hooks (helmet's headers, the CSP, no-store on private answers);
 * - `store`: the request store that gives Nest's lines their `reqId` (`bindRequestLogger`);
 * - `log`: Fastify's logger as the service sets it up, with a `reqId` per request and the access
 *   line at `LOG_LEVEL=info` (the route is `/api/probe`, which is access-logged).
 *
 * `node bench/probes/bare-plus.js`, with HOST, PORT and PLUS; `npm run build` first.
 */
require('reflect-metadata');
const { join } = require('node:path');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

const DIST = join(__dirname, '..', '..', 'dist', 'src', 'http');
const plus = new Set((process.env.PLUS ?? '').split(',').filter(Boolean));

class BareController {
  live() {
    return { status: 'ok' };
  }
}
Get(['health/live', 'api/probe'])(
  BareController.prototype,
  'live',
  Object.getOwnPropertyDescriptor(BareController.prototype, 'live'),
);
Controller()(BareController);

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

function adapter() {
  if (!plus.has('log')) return new FastifyAdapter();
  const { rootLogger, requestIdOf } = require(join(DIST, 'log.params.js'));
  const { requestChildLogger } = require(join(DIST, 'request.logger.js'));
  const { AccessLogger } = require(join(DIST, 'access.logger.js'));
  return new FastifyAdapter({
    loggerInstance: rootLogger('info'),
    logController: new AccessLogger(),
    childLoggerFactory: requestChildLogger,
    genReqId: requestIdOf(false),
  });
}

async function main() {
  const app = await NestFactory.create(BareModule, adapter(), { logger: false });
  const fastify = app.getHttpAdapter().getInstance();
  if (plus.has('headers')) require(join(DIST, 'security-headers.js')).registerSecurityHeaders(fastify);
  if (plus.has('store')) fastify.addHook('preHandler', require(join(DIST, 'access.logger.js')).bindRequestLogger);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
}

void main();
