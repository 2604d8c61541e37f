import { ConsoleLogger } from '@nestjs/common';
import { ConfigError } from '../config/config.error';

/**
 * Errors only, on standard error (standard output carries the commands' answers). A
 * configuration problem is left out: the entry point prints it as its one line, without the
 * stack trace Nest would put around it.
 */
export class CliLogger extends ConsoleLogger {
  constructor() {
    super({ logLevels: ['error', 'fatal'] });
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (message instanceof ConfigError) return;
    super.error(message, ...optionalParams);
  }
}
