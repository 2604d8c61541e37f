import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '../../scripts/scratch-mysql';

/** A database an e2e suite runs against: SQLite always, MySQL/MariaDB when TEST_MYSQL_URL is set. */
export interface DatabaseTarget {
  name: 'sqlite' | 'mysql';
  /** A fresh, empty database for one suite; `drop()` removes it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const sqlite: DatabaseTarget = {
  name: 'sqlite',
  create() {
    // A file, not :memory:, so that several app instances of one test can share it.
    const dir = mkdtempSync(join(tmpdir(), 'token-service-test-'));
    return Promise.resolve({
      url: `sqlite:${join(dir, 'auth.sqlite')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
};

function mysqlTarget(baseUrl: string): DatabaseTarget {
  return {
    name: 'mysql',
    async create() {
      const name = `${new URL(baseUrl).pathname.slice(1) || 'token_service_test'}_${randomBytes(4).toString('hex')}`;
      const url = await createDatabase(baseUrl, name);
      return { url, drop: () => dropDatabase(baseUrl, name) };
    },
  };
}

export function databaseTargets(): DatabaseTarget[] {
  const mysqlUrl = process.env.TEST_MYSQL_URL;
  return mysqlUrl ? [sqlite, mysqlTarget(mysqlUrl)] : [sqlite];
}
