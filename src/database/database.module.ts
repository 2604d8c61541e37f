import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { buildDataSourceOptions } from './data-source-options';
import { boundQueries } from './mysql-bounds';

const RETRY_DELAY_MS = 1000;

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
        retryAttempts: Math.max(0, Math.ceil((config.connectTimeoutSeconds * 1000) / RETRY_DELAY_MS) - 1),
        retryDelay: RETRY_DELAY_MS,
      }),
      // Initialised here (migrations included) so that statements are bounded only afterwards.
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const dataSource = await new DataSource(options as DataSourceOptions).initialize();
        boundQueries(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
