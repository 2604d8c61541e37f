import { ConfigError } from '../config/config.error';
import { DatabaseSettings } from '../config/settings';

/** The driver's error code, looked for through TypeORM's and Nest's wrappers. */
function driverCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string') return candidate.code;
    current = candidate.driverError ?? candidate.cause;
  }
  return undefined;
}

function urlParts(url: string): { user: string; database: string } {
  try {
    const parsed = new URL(url);
    return { user: decodeURIComponent(parsed.username), database: decodeURIComponent(parsed.pathname.slice(1)) };
  } catch {
    return { user: '', database: '' };
  }
}

/**
 * Connection failures that no retry can cure (a wrong password, a database that does not
 * exist), as one line naming DATABASE_URL and the fix; null for the others, which may be an
 * outage that ends (an unreachable host, a server still starting) and are retried.
 */
export function lastingConnectionProblem(error: unknown, settings: DatabaseSettings): ConfigError | null {
  const code = driverCode(error);
  if (settings.type === 'sqlite') {
    if (code === 'SQLITE_CANTOPEN') {
      return new ConfigError('DATABASE_URL', `cannot open ${settings.url}: check the sqlite: path and its permissions`);
    }
    if (code === 'SQLITE_NOTADB') {
      return new ConfigError('DATABASE_URL', `${settings.url} is not an SQLite database: fix the sqlite: path`);
    }
    return null;
  }
  const { user, database } = urlParts(settings.url);
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new ConfigError(
        'DATABASE_URL',
        `access denied for user ${user}: check DATABASE_URL's user and password; percent-encode special characters`,
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return new ConfigError(
        'DATABASE_URL',
        `access denied for user ${user} to database ${database}: grant the user privileges on it or fix the name`,
      );
    case 'ER_BAD_DB_ERROR':
      return new ConfigError(
        'DATABASE_URL',
        `unknown database ${database}: create it (CREATE DATABASE ${database} CHARACTER SET utf8mb4) or fix the name`,
      );
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new ConfigError(
        'DATABASE_URL',
        `the server asks user ${user} for an authentication method mysql2 does not support: use caching_sha2_password or mysql_native_password`,
      );
    default:
      return null;
  }
}
