import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { SETTINGS } from '../../src/config/configuration';
import { loadSettings } from '../../src/config/settings';
import { ApiKit } from './api-kit';
import { DatabaseTarget } from './databases';

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
  /** The API client bound to this app. */
  api: ApiKit;
}

/**
 * The real application module on a real database, configured by the same variables as in
 * production: they are parsed into the app's settings provider, and `process.env` is left alone.
 */
export async function createTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  extraModules: Array<new () => object> = [],
): Promise<TestApp> {
  const settings = loadSettings({ ...BASE_TEST_ENV, DATABASE_URL: databaseUrl, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...extraModules] })
    .overrideProvider(SETTINGS)
    .useValue(settings)
    .setLogger(silentLogger)
    .compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(settings.http, settings.logLevel)),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const built: TestApp = {
    app,
    request: () => supertest.agent(app.getHttpServer()),
    dataSource: app.get(DataSource),
    get: <T>(type: new (...args: never[]) => T) => app.get(type),
    close: () => app.close(),
    api: new ApiKit(() => built),
  };
  return built;
}

/** The app of `useTestApp`, plus its database for a second instance on the same data. */
export interface SuiteApp extends TestApp {
  readonly url: string;
}

/**
 * Registers beforeAll/afterAll of the usual suite: a fresh database of `target`, one app on it,
 * `setup` run once; closed and dropped after. The result stands for that app from the suite's
 * body on, before it exists, so that the suite's helpers can close over it.
 *
 * jest-circus runs afterAll hooks in the order they were declared: a suite that opens a second
 * app on `url` declares the afterAll closing it before calling this, so that it is closed before
 * the database is dropped.
 */
export function useTestApp(
  target: DatabaseTarget,
  env: Record<string, string> = {},
  setup?: (app: TestApp) => Promise<unknown>,
): SuiteApp {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let built: TestApp | undefined;
  beforeAll(async () => {
    database = await target.create();
    built = await createTestApp(database.url, env);
    await setup?.(built);
  });
  afterAll(async () => {
    await built?.close();
    await database?.drop();
  });
  const live = (): TestApp => {
    if (!built) throw new Error('useTestApp: the app is built in beforeAll, and was used before that ran');
    return built;
  };
  // Defined, not spread: spreading would read the getters now, before the app exists.
  return Object.defineProperty(standIn(live), 'url', {
    enumerable: true,
    get() {
      if (!database) throw new Error('useTestApp: the database is created in beforeAll, and was used before that ran');
      return database.url;
    },
  }) as SuiteApp;
}

/** An app that `live` returns once it is built, usable from a suite's body before that. */
function standIn(live: () => TestApp): TestApp {
  return {
    get app() {
      return live().app;
    },
    request: () => live().request(),
    get dataSource() {
      return live().dataSource;
    },
    get: <T>(type: new (...args: never[]) => T): T => live().get(type),
    close: () => live().close(),
    get api() {
      return live().api;
    },
  };
}

/**
 * `useTestApp`, plus one more app on the same database for each of `others` (environments of
 * instances that share the first one's data and leave the migrations to it), closed before the
 * database is dropped. `setup` runs once the first app is built.
 */
export function useTestApps(
  target: DatabaseTarget,
  env: Record<string, string>,
  others: Array<Record<string, string>>,
  setup?: (app: TestApp) => Promise<unknown>,
): [SuiteApp, ...TestApp[]] {
  const built: TestApp[] = [];
  // Declared before useTestApp: afterAll hooks run in declaration order, the database must outlive these.
  afterAll(async () => {
    for (const app of built) await app.close();
  });
  const first = useTestApp(target, env, setup);
  beforeAll(async () => {
    for (const other of others) built.push(await createTestApp(first.url, { DB_MIGRATE_ON_START: 'false', ...other }));
  });
  return [
    first,
    ...others.map((_, index) =>
      standIn(() => {
        const app = built[index];
        if (!app) throw new Error('useTestApps: the apps are built in beforeAll, and were used before that ran');
        return app;
      }),
    ),
  ];
}

const silentLogger = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};
