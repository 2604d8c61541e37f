import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

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
      const url = new URL(baseUrl);
      const name = `${url.pathname.slice(1) || 'token_service_test'}_${randomBytes(4).toString('hex')}`;
      const admin = async (sql: string): Promise<void> => {
        const connection = await createConnection({
          uri: `${url.protocol}//${url.username}:${url.password}@${url.host}/`,
        });
        try {
          await connection.query(sql);
        } finally {
          await connection.end();
        }
      };
      await admin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
      const suiteUrl = new URL(baseUrl);
      suiteUrl.pathname = `/${name}`;
      return { url: suiteUrl.toString(), drop: () => admin(`DROP DATABASE IF EXISTS \`${name}\``) };
    },
  };
}

export function databaseTargets(): DatabaseTarget[] {
  const mysqlUrl = process.env.TEST_MYSQL_URL;
  return mysqlUrl ? [sqlite, mysqlTarget(mysqlUrl)] : [sqlite];
}
