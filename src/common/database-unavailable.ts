/** Codes of the drivers (mysql2, better-sqlite3) and of Node's sockets that mean "not now". */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_STATEMENT_TIMEOUT',
  'POOL_CLOSED',
  'POOL_ACQUIRE_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** mysql2 and TypeORM raise some of these without a code. */
const CONNECTION_MESSAGES =
  /connect ETIMEDOUT|Connection lost|Pool is closed|closed state|Queue limit reached|Query inactivity timeout|Connection is not established/;

/**
 * True for errors that mean "the database cannot be reached now", which clients see as 503.
 * Looks through the wrappers (TypeORM's QueryFailedError keeps the driver's error aside). A
 * mysql2 error marked `fatal` means the connection itself broke, whatever its code.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as {
      code?: unknown;
      driverError?: unknown;
      cause?: unknown;
      message?: unknown;
      fatal?: unknown;
    };
    if (typeof candidate.code === 'string' && CONNECTION_ERRORS.has(candidate.code)) return true;
    if (candidate.fatal === true) return true;
    if (typeof candidate.message === 'string' && CONNECTION_MESSAGES.test(candidate.message)) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}
