const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'SQLITE_BUSY',
]);

/** True for errors that mean "the database cannot be reached now", which clients see as 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; driverError?: unknown; message?: unknown };
    if (typeof candidate.code === 'string' && CONNECTION_ERRORS.has(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      /connect ETIMEDOUT|Connection lost|Pool is closed/.test(candidate.message)
    ) {
      return true;
    }
    current = candidate.driverError;
  }
  return false;
}
