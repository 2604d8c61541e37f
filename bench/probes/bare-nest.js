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
 */
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class BareController {
  live() {
    return { status: 'ok' };
  }
}
Get('health/live')(BareController.prototype, 'live', Object.getOwnPropertyDescriptor(BareController.prototype, 'live'));
Controller()(BareController);

class BareModule {}
Module({ controllers: [BareController] })(BareModule);

async function main() {
  const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
}

void main();
