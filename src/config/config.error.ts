/**
 * A configuration problem that must stop the boot. Its message is one line per problem, each
 * naming the variable, so that `main.ts` can print it alone and exit 1 instead of a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }

  /** Every problem of one pass at once, so that one restart can follow a fix for each. */
  static all(errors: ConfigError[]): ConfigError {
    if (errors.length === 1) return errors[0];
    const combined = new ConfigError(errors.map((error) => error.variable).join(', '), '');
    combined.message = errors.map((error) => error.message).join('\n');
    return combined;
  }

  /** The problems, one line each. */
  get lines(): string[] {
    return this.message.split('\n');
  }
}
