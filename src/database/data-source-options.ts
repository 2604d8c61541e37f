import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { DatabaseSettings } from '../config/settings';
import { SessionRevocation } from '../sessions/session-revocation.entity';
import { Session } from '../sessions/session.entity';
import { User } from '../users/user.entity';
import { InitialSchema1764316800000 } from './migrations/1764316800000-InitialSchema';

export const ENTITIES = [User, Session, SessionRevocation, AuditEvent];
export const MIGRATIONS = [InitialSchema1764316800000];

/** The one builder of TypeORM options, shared by the application and `ormconfig.ts`. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (settings.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: settings.url,
      charset: 'utf8mb4',
      timezone: 'Z',
      connectTimeout: Math.min(settings.connectTimeoutSeconds, 10) * 1000,
      extra: { connectionLimit: 10 },
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
