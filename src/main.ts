import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
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
    app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(settings.http), {
      abortOnError: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    fail(`DATABASE_URL: cannot start (${reason}); the database is unreachable or refused the connection`);
  }
  configureApp(app);
  await app.listen(settings.http.port, settings.http.host);
  new Logger('Bootstrap').log(`listening on http://${settings.http.host}:${settings.http.port}`);
}

void bootstrap();
