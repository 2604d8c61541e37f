import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/config.error';
import { readSettingsFromEnvironment } from './config/configuration';
import { Settings } from './config/settings';
import { connectWithin } from './database/data-source.connector';
import { buildDataSourceOptions } from './database/data-source-options';

function fail(lines: string[]): never {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  process.exit(1);
}

/**
 * `npm run migration:run`: applies the pending migrations and says which, or that there were
 * none, with the server's checks and one-line failures (a wrong password is not retried).
 */
async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettingsFromEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fail(error.lines.map((line) => `Invalid configuration: ${line}`));
  }
  // The summary below is the output; TypeORM's own lines would repeat it.
  Logger.overrideLogger(['error', 'fatal']);
  try {
    const options = await buildDataSourceOptions(settings.database);
    const dataSource = await connectWithin({ ...options, migrationsRun: false }, settings.database, {
      requireMigrated: false,
      boundQueries: false,
    });
    try {
      const applied = await dataSource.runMigrations();
      process.stdout.write(
        applied.length === 0
          ? 'no pending migrations: the schema is up to date\n'
          : `applied ${applied.length} migrations: ${applied.map((migration) => migration.name).join(', ')}\n`,
      );
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines);
    fail([`migration failed: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

void main();
