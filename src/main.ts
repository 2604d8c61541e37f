import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { isDatabaseUnavailable } from './common/database-unavailable';
import { configureApp, createFastifyAdapter } from './app.setup';
import { ConfigError } from './config/config.error';
import { readSettingsFromEnvironment } from './config/configuration';
import { Settings } from './config/settings';

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function settingsOrExit(): Settings {
  try {
    return readSettingsFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) fail(`Invalid configuration: ${error.message}`);
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const settings = settingsOrExit();
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule,
      createFastifyAdapter(settings.http, settings.logLevel),
      {
        abortOnError: false,
        // Held until pino takes over below, so that boot lines are JSON like the rest.
        bufferLogs: true,
      },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (isDatabaseUnavailable(error) || /connect|database|access denied/i.test(reason)) {
      fail(
        `DATABASE_URL: database unreachable after DB_CONNECT_TIMEOUT=${settings.database.connectTimeoutSeconds}s (${reason})`,
      );
    }
    fail(`cannot start: ${reason}`);
  }
  app.useLogger(app.get(PinoLogger));
  configureApp(app);
  await app.listen(settings.http.port, settings.http.host);
  // The bound port, which differs from PORT when PORT=0 asks the system for a free one.
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Bootstrap').log(`listening on http://${settings.http.host}:${port}`);
}

void bootstrap();
