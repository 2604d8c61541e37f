/**
 * The ceiling of the HTTP scenarios: a bare Nest 11 application on the same Fastify adapter,
 * one `@Get` and nothing else (no logger, no guard, no pipe, no filter, no hook). Run by the
 * bench beside the service; the path is the service's liveness probe, so the bench can wait
 * for it the same way. `node -r ts-node/register/transpile-only bench/probes/bare-nest.ts`,
 * with HOST and PORT.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller()
class BareController {
  @Get('health/live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
}

void main();
