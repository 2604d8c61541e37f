import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSourceOptions } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { LoginAttempt } from '../users/login-attempt.entity';
import { DatabaseSettings } from '../config/settings';
import { SessionRevocation } from '../sessions/session-revocation.entity';
import { Session } from '../sessions/session.entity';
import { User } from '../users/user.entity';
import { InitialSchema1764316800000 } from './migrations/1764316800000-InitialSchema';
import { LoginAttempts1764489600000 } from './migrations/1764489600000-LoginAttempts';
import { boundedMysql2, MYSQL_BOUNDS, POOL_OPTIONS, TimedOutConnectionReaper } from './mysql-bounds';
import { TypeOrmLogger } from './typeorm.logger';

export const ENTITIES = [User, Session, SessionRevocation, AuditEvent, LoginAttempt];
export const MIGRATIONS = [InitialSchema1764316800000, LoginAttempts1764489600000];

/**
 * TypeORM reads MariaDB's catalog differently from MySQL's (column defaults, JSON), and only
 * knows which one it talks to when told; a `mysql://` URL may point at either, so ask.
 * Unreachable: assume MySQL and let the connection retries report the outage.
 */
async function mysqlFlavour(url: string, timeoutMs: number): Promise<'mysql' | 'mariadb'> {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: timeoutMs });
    try {
      const [rows] =
        await connection.query<Array<{ version: string } & import('mysql2').RowDataPacket>>(
          'SELECT VERSION() AS version',
        );
      return /mariadb/i.test(rows[0]?.version ?? '') ? 'mariadb' : 'mysql';
    } finally {
      await connection.end();
    }
  } catch {
    return 'mysql';
  }
}

/** The one builder of TypeORM options, shared by the application and `ormconfig.ts`. */
export async function buildDataSourceOptions(settings: DatabaseSettings): Promise<DataSourceOptions> {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    logger: new TypeOrmLogger(),
  } as const;
  if (settings.type === 'mysql') {
    const connectTimeout = Math.min(settings.connectTimeoutSeconds * 1000, MYSQL_BOUNDS.connectMs);
    return {
      ...common,
      type: await mysqlFlavour(settings.url, connectTimeout),
      url: settings.url,
      charset: 'utf8mb4',
      timezone: 'Z',
      connectTimeout,
      driver: boundedMysql2,
      extra: POOL_OPTIONS,
      subscribers: [TimedOutConnectionReaper],
      // Applied once migrations are done (boundQueries): a schema change may run for minutes.
      maxQueryExecutionTime: MYSQL_BOUNDS.queryMs,
      enableQueryTimeout: false,
    };
  }
  if (settings.url !== ':memory:') mkdirSync(dirname(settings.url), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: settings.url,
    enableWAL: settings.url !== ':memory:',
    // SQLite enforces foreign keys only when asked, per connection.
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
