import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';

/** 64 bytes: long enough for HS512 too. Test-only, never a real key. */
export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdef-test-signing-key-0123456789abcd';

export const BASE_TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SIGNING_KEY: TEST_SIGNING_KEY,
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: 'silent',
  // Every suite logs in from 127.0.0.1 far more often than a person would; the suites about
  // throttling set their own limit.
  LOGIN_IP_MAX_PER_MINUTE: '100000',
};

export interface TestApp {
  app: NestFastifyApplication;
  request: () => supertest.Agent;
  dataSource: DataSource;
  get<T>(type: new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * The real application module on a real database, configured through the environment as in
 * production. Variables are set only while the app is built, then restored.
 */
export async function createTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  extraModules: Array<new () => object> = [],
): Promise<TestApp> {
  const settings: Record<string, string> = { ...BASE_TEST_ENV, DATABASE_URL: databaseUrl, ...env };
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...extraModules] })
      .setLogger(silentLogger)
      .compile();
    app = configureApp(
      moduleRef.createNestApplication<NestFastifyApplication>(
        createFastifyAdapter({ trustProxy: settings.TRUST_PROXY === 'true' }),
      ),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return {
    app,
    request: () => supertest.agent(app.getHttpServer()),
    dataSource: app.get(DataSource),
    get: <T>(type: new (...args: never[]) => T) => app.get(type),
    close: () => app.close(),
  };
}

const silentLogger = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};
