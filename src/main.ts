import 'reflect-metadata';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter } from './app.setup';
import { ConfigError } from './config/config.error';
import { readSettingsFromEnvironment } from './config/configuration';
import { HttpSettings, Settings } from './config/settings';
import { bindWithoutDeprecatedAccessor } from './http/async-bind';
import { BootLogger } from './http/boot.logger';

function fail(lines: string[]): never {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  process.exit(1);
}

function settingsOrExit(): Settings {
  try {
    return readSettingsFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines.map((line) => `Invalid configuration: ${line}`));
    throw error;
  }
}

/** Why the server could not listen, naming the variable to change; null for anything else. */
function listenProblem(error: unknown, http: HttpSettings): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${http.host}:${http.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT: ${where} is already in use: stop the other process or choose another PORT`;
    case 'EACCES':
      return `PORT: not allowed to listen on ${where}: ports below 1024 need privileges; choose another PORT`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST: ${http.host} is not an address of this machine: use 0.0.0.0, 127.0.0.1 or one of its addresses`;
    default:
      return null;
  }
}

/**
 * Tried before anything else, so that a second instance on a taken port stops before it
 * connects to the database and announces a start; the real listen still checks (a race).
 */
function probePort(http: HttpSettings): Promise<Error | null> {
  if (http.port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen(http.port, http.host, () => server.close(() => resolve(null)));
  });
}

async function bootstrap(): Promise<void> {
  bindWithoutDeprecatedAccessor();
  // Reading the settings may already log (a generated development key): held until the JSON
  // logger, which needs LOG_LEVEL from those settings, exists.
  Logger.attachBuffer();
  const settings = settingsOrExit();
  const bootLogger = new BootLogger(settings.logLevel);
  Logger.overrideLogger(bootLogger);
  Logger.flush();
  const portError = await probePort(settings.http);
  if (portError) fail([listenProblem(portError, settings.http) ?? `cannot listen: ${portError.message}`]);
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule,
      createFastifyAdapter(settings.http, settings.logLevel),
      {
        abortOnError: false,
        // JSON from the first line, so that boot lines read like the rest.
        logger: bootLogger,
      },
    );
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines);
    fail([`cannot start: ${error instanceof Error ? error.message : String(error)}`]);
  }
  app.useLogger(app.get(PinoLogger));
  configureApp(app);
  try {
    await app.listen(settings.http.port, settings.http.host);
  } catch (error) {
    const problem = listenProblem(error, settings.http);
    await app.close().catch(() => undefined);
    fail([problem ?? `cannot listen: ${error instanceof Error ? error.message : String(error)}`]);
  }
  // The bound port, which differs from PORT when PORT=0 asks the system for a free one.
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Bootstrap').log(`listening on http://${settings.http.host}:${port}`);
}

void bootstrap();
