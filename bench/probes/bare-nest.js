/**
 * The ceiling of the HTTP scenarios: a bare Nest 11 application on the same Fastify adapter,
 * one `@Get` and nothing else (no logger, no guard, no pipe, no filter, no hook). Run by the
 * bench beside the service; the path is the service's liveness probe, so the bench can wait
 * for it the same way. `node bench/probes/bare-nest.js`, with HOST and PORT.
 *
 * Plain JavaScript, run by node as the service's compiled build is: under ts-node the process
 * also loads node:domain (ts-node requires it), and every EventEmitter and `emit` then pays for
 * domains, about 2 us a request on this machine, which made the ceiling lower than it is. The
 * decorators are applied by hand, as TypeScript's compiled output applies them.
 *
 * `PLUS` (for `guarantee-cost.ts`; empty for the ceiling) adds some of the service's documented
 * guarantees, taken from its compiled build (`dist/`, `npm run build` first), comma-separated:
 * - `headers`: the security headers hooks (helmet's headers, the CSP, no-store on private answers);
 * - `store`: the request store that gives Nest's lines their `reqId` (`bindRequestLogger`);
 * - `log`: Fastify's logger as the service sets it up, with a `reqId` per request and the access
 *   line at `LOG_LEVEL=info` (on `/api/probe`; `/health/live` is not access-logged).
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
