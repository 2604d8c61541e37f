import { Logger, Params, PinoLogger } from 'nestjs-pino';
import { ConfigError } from '../config/config.error';
import { loggerParams } from './log.params';

/**
 * The service's JSON logger for the lines written before the application's own takes over
 * (module start-up, connection retries). A configuration problem that stops the boot is left
 * out: the entry point prints it as its one line, without Nest's stack trace around it.
 */
export class BootLogger extends Logger {
  constructor(level: string) {
    const params: Params = loggerParams(level);
    super(new PinoLogger(params), params);
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (message instanceof ConfigError) return;
    super.error(message, ...optionalParams);
  }
}
