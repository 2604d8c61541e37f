import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { databaseConfig } from '../config/configuration';
import { DatabaseSettings } from '../config/settings';
import { connectWithin } from './data-source.connector';
import { buildDataSourceOptions } from './data-source-options';

/** What the connecting factory needs besides TypeORM's own options. */
interface BootOptions {
  bootSettings: DatabaseSettings;
}

/**
 * The connection, with pending migrations applied at boot unless DB_MIGRATE_ON_START=false.
 * An unreachable database is retried for DB_CONNECT_TIMEOUT, then the boot fails with one line.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: async (config: ConfigType<typeof databaseConfig>) => ({
        ...(await buildDataSourceOptions(config)),
        migrationsRun: config.migrateOnStart,
        bootSettings: config,
        // The retries are connectWithin's.
        toRetry: () => false,
      }),
      dataSourceFactory: (options?: DataSourceOptions) => {
        const { bootSettings, ...typeOrmOptions } = options as DataSourceOptions & BootOptions;
        return connectWithin(typeOrmOptions, bootSettings, {
          requireMigrated: !bootSettings.migrateOnStart,
          boundQueries: true,
        });
      },
    }),
  ],
})
export class DatabaseModule {}
