import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { ConfigError } from './config/config.error';
import { readSettingsFromEnvironment } from './config/configuration';

async function main(): Promise<void> {
  try {
    readSettingsFromEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
  await CommandFactory.run(CliModule, {
    logger: ['error'],
    abortOnError: false,
    errorHandler: (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    },
  });
}

void main();
