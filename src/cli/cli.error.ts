import { FieldErrors } from '../drf/field.errors';
import { ApiError } from '../http/api.error';

/** A command failed in an expected way: one line on stderr, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The account workflows' errors, in one line each, as the API would say them. */
function messageOf(error: unknown): string {
  if (error instanceof FieldErrors) {
    return Object.entries(error.fields)
      .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      .join('; ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export async function runCommand(action: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await action()}\n`);
  } catch (error) {
    process.stderr.write(`error: ${messageOf(error)}\n`);
    process.exitCode = 1;
  }
}

/** The user a command names; "no user named X" when there is none. */
export async function namedUser<T>(name: string | undefined, find: (name: string) => Promise<T>): Promise<T> {
  try {
    return await find(name ?? '');
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') throw new CliError(`no user named ${name}`);
    throw error;
  }
}
