import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { ConfigError } from '../config/config.error';
import { DatabaseSettings } from '../config/settings';
import { lastingConnectionProblem } from './connection.problem';
import { boundQueries } from './mysql-bounds';

const RETRY_DELAY_MS = 1000;

/**
 * With DB_MIGRATE_ON_START=false a deploy step is meant to have migrated: a schema that is
 * missing or behind would fail on the first request instead, with a driver error.
 */
async function requireMigrated(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  let migrated: boolean;
  try {
    migrated = await runner.hasTable(dataSource.options.migrationsTableName ?? 'migrations');
  } finally {
    await runner.release();
  }
  const fix = 'run npm run migration:run, or set DB_MIGRATE_ON_START=true';
  if (!migrated) throw new ConfigError('DB_MIGRATE_ON_START', `is false and the schema is missing: ${fix}`);
  if (await dataSource.showMigrations()) {
    throw new ConfigError('DB_MIGRATE_ON_START', `is false and migrations are pending: ${fix}`);
  }
}

export interface ConnectOptions {
  /** After connecting: refuse a schema that is missing or behind (DB_MIGRATE_ON_START=false). */
  requireMigrated: boolean;
  /** Statement time limits for serving; not for migrating, as a schema change may run for minutes. */
  boundQueries: boolean;
}

/**
 * Retries until a deadline rather than a number of times: an attempt against a database that
 * drops packets takes seconds, and counted attempts would stretch DB_CONNECT_TIMEOUT several
 * times over. Only an outage is retried; a wrong password or a failed migration fails at once,
 * as a `ConfigError` naming the variable when the fix is in the configuration. Migrations
 * (`migrationsRun`) run inside `initialize`; statements are bounded only after them.
 */
export async function connectWithin(
  options: DataSourceOptions,
  settings: DatabaseSettings,
  connect: ConnectOptions,
): Promise<DataSource> {
  const deadline = Date.now() + settings.connectTimeoutSeconds * 1000;
  const logger = new Logger('Database');
  for (;;) {
    let dataSource: DataSource | undefined;
    try {
      dataSource = await new DataSource(options).initialize();
      if (connect.requireMigrated) await requireMigrated(dataSource);
      if (connect.boundQueries) boundQueries(dataSource);
      return dataSource;
    } catch (error) {
      if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
      const lasting = lastingConnectionProblem(error, settings);
      if (lasting) throw lasting;
      if (!isDatabaseUnavailable(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + RETRY_DELAY_MS >= deadline) {
        throw new ConfigError(
          'DATABASE_URL',
          `database unreachable after DB_CONNECT_TIMEOUT=${settings.connectTimeoutSeconds}s (${reason})`,
        );
      }
      logger.warn(`database not ready, retrying: ${reason}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}
