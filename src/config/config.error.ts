/**
 * A configuration problem that must stop the boot. Its message is one line that names the
 * variable, so `main.ts` can print it alone and exit 1 instead of a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
