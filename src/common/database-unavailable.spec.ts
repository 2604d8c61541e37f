import { isDatabaseConflict, isDatabaseUnavailable } from './database-unavailable';

function wrapped(driverError: object): object {
  // The shape of TypeORM's QueryFailedError.
  return Object.assign(new Error('query failed'), { driverError });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', { code: 'ECONNREFUSED' }],
    ['a timed-out statement, wrapped by TypeORM', wrapped({ code: 'PROTOCOL_SEQUENCE_TIMEOUT' })],
    ['no connection from the pool in time', { code: 'POOL_ACQUIRE_TIMEOUT' }],
    ['a lost connection', wrapped({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true })],
    ['a fatal protocol error of any code', wrapped({ code: 'PROTOCOL_PACKETS_OUT_OF_ORDER', fatal: true })],
    ['a command on a closed connection', new Error("Can't add new command when connection is in closed state")],
    ['a full pool queue', new Error('Queue limit reached.')],
    ['a server shutting down', wrapped({ code: 'ER_SERVER_SHUTDOWN' })],
    ['a busy SQLite file', { code: 'SQLITE_BUSY' }],
    ['a Galera node outside the primary component (1047)', wrapped({ code: 'ER_UNKNOWN_COM_ERROR', errno: 1047 })],
    ['a Galera commit cut off from the group (1180)', wrapped({ code: 'ER_ERROR_DURING_COMMIT', errno: 1180 })],
    ['a cause chain', Object.assign(new Error('outer'), { cause: { code: 'ETIMEDOUT' } })],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', wrapped({ code: 'ER_DUP_ENTRY' })],
    ['a syntax error', wrapped({ code: 'ER_PARSE_ERROR' })],
    ['a programming error', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('does not mistake %s for an outage', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isDatabaseConflict', () => {
  it('recognises a deadlock or Galera certification failure (1213), wrapped by TypeORM', () => {
    expect(isDatabaseConflict(wrapped({ code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe(true);
  });

  it.each([
    ['a refused connection', { code: 'ECONNREFUSED' }],
    ['a duplicate key', wrapped({ code: 'ER_DUP_ENTRY' })],
    ['nothing', undefined],
  ])('does not mistake %s for a conflict', (_name, error) => {
    expect(isDatabaseConflict(error)).toBe(false);
  });
});
