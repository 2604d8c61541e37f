import { Logger, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { buildDataSourceOptions } from './data-source-options';
import { boundQueries } from './mysql-bounds';

const RETRY_DELAY_MS = 1000;

/** What the connecting factory needs besides TypeORM's own options. */
interface BootOptions {
  connectTimeoutMs: number;
}

/**
 * Retries until a deadline rather than a number of times: an attempt against a database that
 * drops packets takes seconds, and counted attempts would stretch DB_CONNECT_TIMEOUT several
 * times over. Migrations run inside `initialize`; statements are bounded only after them.
 */
async function initializeWithin(options: DataSourceOptions & BootOptions): Promise<DataSource> {
  const deadline = Date.now() + options.connectTimeoutMs;
  const logger = new Logger('Database');
  for (;;) {
    try {
      const dataSource = await new DataSource(options).initialize();
      boundQueries(dataSource);
      return dataSource;
    } catch (error) {
      if (Date.now() + RETRY_DELAY_MS >= deadline) throw error;
      logger.warn(`database not ready, retrying: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

/**
 * The connection, with pending migrations applied at boot unless DB_MIGRATE_ON_START=false.
 * An unreachable database is retried for DB_CONNECT_TIMEOUT, then the boot fails.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: async (config: ConfigType<typeof databaseConfig>) => ({
        ...(await buildDataSourceOptions(config)),
        migrationsRun: config.migrateOnStart,
        connectTimeoutMs: config.connectTimeoutSeconds * 1000,
        // The retries are initializeWithin's.
        toRetry: () => false,
      }),
      dataSourceFactory: (options?: DataSourceOptions) => initializeWithin(options as DataSourceOptions & BootOptions),
    }),
  ],
})
export class DatabaseModule {}
