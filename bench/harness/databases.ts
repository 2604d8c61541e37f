import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, RowDataPacket } from 'mysql2/promise';
import { createDatabase, dropDatabase } from '../../scripts/scratch-mysql';

export type Engine = 'sqlite' | 'mariadb';
export type Exec = (sql: string, params: unknown[]) => Promise<void>;

/** A throwaway database: the server gets `url`, the harness seeds and checks through `query`. */
export interface BenchDatabase {
  engine: Engine;
  url: string;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `fill` in one transaction (seeding); `exec` runs one statement in it. */
  transaction(fill: (exec: Exec) => Promise<void>): Promise<void>;
  /**
   * Waits until the engine has caught up with the work a bulk change leaves behind (SQLite: the
   * WAL checkpointed; InnoDB: purge and dirty pages), so that a measurement that follows sees the
   * table's size and not that maintenance. Says what it waited for.
   */
  settle(): Promise<string>;
  close(): Promise<void>;
  drop(): Promise<void>;
}

export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'token-service-bench-'));
  const file = join(dir, 'auth.sqlite');
  let db: Database.Database | undefined;
  // Opened lazily: the server creates the file and its schema (migrations) first.
  const open = (): Database.Database => {
    if (!db) {
      db = new Database(file);
      db.pragma('busy_timeout = 10000');
    }
    return db;
  };
  return {
    engine: 'sqlite',
    url: `sqlite:${file}`,
    query<Row>(sql: string, params: unknown[] = []) {
      const statement = open().prepare(sql);
      return Promise.resolve(statement.reader ? (statement.all(...params) as Row[]) : (statement.run(...params), []));
    },
    async transaction(fill) {
      // BEGIN/COMMIT by hand: better-sqlite3's transaction() takes no async callback, and this
      // connection has no other user meanwhile.
      const connection = open();
      connection.exec('BEGIN');
      try {
        await fill((sql, params) => Promise.resolve(void connection.prepare(sql).run(...params)));
        connection.exec('COMMIT');
      } catch (error) {
        connection.exec('ROLLBACK');
        throw error;
      }
    },
    settle() {
      const started = Date.now();
      open().pragma('wal_checkpoint(TRUNCATE)');
      return Promise.resolve(`WAL checkpointed in ${Date.now() - started} ms`);
    },
    close() {
      db?.close();
      db = undefined;
      return Promise.resolve();
    },
    async drop() {
      await this.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Undo records of deleted rows still to purge below which InnoDB counts as caught up. */
const SETTLED_HISTORY = 1000;
const SETTLE_LIMIT_MS = 180_000;

const LOCAL_MARIADB = 'mysql://root@127.0.0.1:3306/tokensvc';

/**
 * TEST_MYSQL_URL when set (as the e2e suites), else a local MariaDB that lets root in without a
 * password. Null (and the reason) when neither answers: the MariaDB scenarios are then skipped.
 */
export async function mariadbBaseUrl(): Promise<{ url: string | null; why: string }> {
  const candidate = process.env.TEST_MYSQL_URL ?? LOCAL_MARIADB;
  const source = process.env.TEST_MYSQL_URL ? 'TEST_MYSQL_URL' : 'local MariaDB on 127.0.0.1:3306 (root, no password)';
  try {
    const url = new URL(candidate);
    const connection = await createConnection({ uri: serverUri(url), connectTimeout: 3000 });
    await connection.end();
    return { url: candidate, why: source };
  } catch (error) {
    return { url: null, why: `${source} unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function serverUri(url: URL): string {
  return `${url.protocol}//${url.username}:${url.password}@${url.host}/`;
}

export async function mariadbDatabase(baseUrl: string): Promise<BenchDatabase> {
  const name = `${new URL(baseUrl).pathname.slice(1) || 'tokensvc'}_bench_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(baseUrl, name);
  const connection = await createConnection({ uri: url, timezone: 'Z', dateStrings: true });
  return {
    engine: 'mariadb',
    url,
    async query<Row>(sql: string, params: unknown[] = []) {
      const [rows] = await connection.query<RowDataPacket[]>(sql, params);
      return Array.isArray(rows) ? (rows as Row[]) : [];
    },
    async transaction(fill) {
      await connection.beginTransaction();
      try {
        await fill(async (sql, params) => void (await connection.query(sql, params)));
        await connection.commit();
      } catch (error) {
        await connection.rollback();
        throw error;
      }
    },
    async settle() {
      const status = async (): Promise<{ history: number; dirty: number }> => {
        const [rows] = await connection.query<RowDataPacket[]>(
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_history_list_length', 'Innodb_buffer_pool_pages_dirty')",
        );
        const value = (name: string) => Number(rows.find((row) => row.Variable_name === name)?.Value ?? 0);
        return { history: value('Innodb_history_list_length'), dirty: value('Innodb_buffer_pool_pages_dirty') };
      };
      // InnoDB leaves some dirty pages in an idle pool for good, so "settled" is: purge caught up,
      // and the page flushing that a bulk change starts no longer making progress.
      const started = Date.now();
      let now = await status();
      let still = 0;
      while ((now.history > SETTLED_HISTORY || still < 3) && Date.now() - started < SETTLE_LIMIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const next = await status();
        still = next.dirty < now.dirty ? 0 : still + 1;
        now = next;
      }
      const waited = ((Date.now() - started) / 1000).toFixed(0);
      return `waited ${waited} s for InnoDB: purge history ${now.history}, dirty pages ${now.dirty}`;
    },
    close: () => connection.end(),
    async drop() {
      await connection.end().catch(() => undefined);
      await dropDatabase(baseUrl, name);
    },
  };
}
