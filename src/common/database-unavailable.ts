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
  // Galera: a node outside the primary component refuses queries (1047), or loses its
  // connection to the group mid-commit (1180); a connection killed by the server (1927).
  'ER_UNKNOWN_COM_ERROR',
  'ER_ERROR_DURING_COMMIT',
  'ER_CONNECTION_KILLED',
  'POOL_CLOSED',
  'POOL_ACQUIRE_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** mysql2 and TypeORM raise some of these without a code. */
const CONNECTION_MESSAGES =
  /connect ETIMEDOUT|Connection lost|Pool is closed|closed state|Queue limit reached|Query inactivity timeout|Connection is not established/;

/**
 * Two transactions wanted the same rows and the database rolled one back: an InnoDB deadlock,
 * or on Galera a certification failure or brute-force abort by another node's write, which
 * MariaDB reports with the same code. Trying again is the documented answer.
 */
const CONFLICT_ERRORS = new Set(['ER_LOCK_DEADLOCK']);

interface DriverErrorShape {
  code?: unknown;
  driverError?: unknown;
  cause?: unknown;
  message?: unknown;
  fatal?: unknown;
}

/** Looks through the wrappers (TypeORM's QueryFailedError keeps the driver's error aside). */
function anyLayer(error: unknown, test: (candidate: DriverErrorShape) => boolean): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as DriverErrorShape;
    if (test(candidate)) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

/**
 * True for errors that mean "the database cannot be reached now", which clients see as 503.
 * A mysql2 error marked `fatal` means the connection itself broke, whatever its code.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return anyLayer(
    error,
    (candidate) =>
      (typeof candidate.code === 'string' && CONNECTION_ERRORS.has(candidate.code)) ||
      candidate.fatal === true ||
      (typeof candidate.message === 'string' && CONNECTION_MESSAGES.test(candidate.message)),
  );
}

/** True for a transaction the database rolled back because another one won (see CONFLICT_ERRORS). */
export function isDatabaseConflict(error: unknown): boolean {
  return anyLayer(error, (candidate) => typeof candidate.code === 'string' && CONFLICT_ERRORS.has(candidate.code));
}
