import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliLogger } from './cli/cli.logger';
import { CliModule } from './cli/cli.module';
import { ConfigError } from './config/config.error';
import { readSettingsFromEnvironment } from './config/configuration';

function fail(lines: string[]): never {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
  process.exit(1);
}

async function main(): Promise<void> {
  try {
    readSettingsFromEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fail(error.lines.map((line) => `Invalid configuration: ${line}`));
  }
  try {
    await CommandFactory.run(CliModule, {
      logger: new CliLogger(),
      abortOnError: false,
      // Commander has printed its message (usage error) or the help already; only the exit
      // code is left to give, 0 for help.
      errorHandler: (error) => {
        const { exitCode } = error as Error & { exitCode?: unknown };
        process.exit(typeof exitCode === 'number' ? exitCode : 1);
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines);
    fail([`error: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

void main();
