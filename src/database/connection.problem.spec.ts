import { DatabaseSettings } from '../config/settings';
import { lastingConnectionProblem } from './connection.problem';

const mysql: DatabaseSettings = {
  type: 'mysql',
  url: 'mysql://app%40eu:secret@db.internal:3306/tokens',
  connectTimeoutSeconds: 20,
  migrateOnStart: true,
  statementTimeoutMs: 4000,
};
const sqlite: DatabaseSettings = { ...mysql, type: 'sqlite', url: '/var/lib/tokens/auth.sqlite' };

/** As TypeORM hands it over: the driver's error, sometimes wrapped. */
const driverError = (code: string) => Object.assign(new Error(code), { code, fatal: true });

describe('lastingConnectionProblem', () => {
  it.each([
    ['ER_ACCESS_DENIED_ERROR', "access denied for user app@eu: check DATABASE_URL's user and password"],
    ['ER_DBACCESS_DENIED_ERROR', 'access denied for user app@eu to database tokens: grant the user privileges'],
    ['ER_BAD_DB_ERROR', 'unknown database tokens: create it (CREATE DATABASE tokens CHARACTER SET utf8mb4)'],
  ])('%s is named, not retried', (code, message) => {
    expect(lastingConnectionProblem(driverError(code), mysql)?.message).toContain(`DATABASE_URL: ${message}`);
    const wrapped = { message: 'Query failed', driverError: driverError(code) };
    expect(lastingConnectionProblem(wrapped, mysql)?.message).toContain(message);
  });

  it('leaves an outage to the retries', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'ER_CON_COUNT_ERROR', 'PROTOCOL_CONNECTION_LOST']) {
      expect(lastingConnectionProblem(driverError(code), mysql)).toBeNull();
    }
    expect(lastingConnectionProblem(new Error('no code'), mysql)).toBeNull();
  });

  it('names an SQLite file that cannot be opened or is not a database', () => {
    expect(lastingConnectionProblem(driverError('SQLITE_CANTOPEN'), sqlite)?.message).toBe(
      'DATABASE_URL: cannot open /var/lib/tokens/auth.sqlite: check the sqlite: path and its permissions',
    );
    expect(lastingConnectionProblem(driverError('SQLITE_NOTADB'), sqlite)?.message).toContain(
      'is not an SQLite database',
    );
    expect(lastingConnectionProblem(driverError('SQLITE_BUSY'), sqlite)).toBeNull();
  });
});
