import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2';
import { DataSource } from 'typeorm';
import { Statement } from './statements';

/** MariaDB's code for a statement stopped by `max_statement_time`; mysql2 knows no name for it. */
const ER_STATEMENT_TIMEOUT = 1969;

/** The share of DB_STATEMENT_TIMEOUT each statement may run on the server (see `run`). */
const SERVER_SHARE = 0.75;

interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
}

interface MysqlDriverInternals {
  mysql: { createPool(options: object): Pool };
  options: { maxQueryExecutionTime?: number; enableQueryTimeout?: boolean };
  // TypeORM's own conversion of its options (URL, charset, timezone, pool bounds) into mysql2's.
  createConnectionOptions(options: object, credentials: object): Record<string, unknown>;
}

/**
 * A short transaction sent to MariaDB as ONE round trip: `START TRANSACTION; s1; s2; ...; COMMIT`
 * in one text, on a pool of its own (a refresh exchange's rotation: its conditional UPDATE and its
 * audit INSERT). Each round trip costs the server about 100-150 us of CPU in TypeORM and mysql2,
 * and START TRANSACTION and COMMIT were two of the exchange's five.
 *
 * Why a pool of its own: a text of several statements needs mysql2's `multipleStatements`, which
 * would let an injected `; DROP ...` run on any connection that has it. Only this class ever
 * sends text on these connections, and only the constant statements of its callers, every value
 * escaped by mysql2 (`?` placeholders, `stringifyObjects`, utf8mb4): no request text ever reaches
 * them unescaped. The rest of the service keeps connections without the flag. See docs/security.md.
 *
 * What a timeout means: MariaDB stops a text at its first failing statement, so a statement that
 * fails never reaches the COMMIT after it. Each statement is bounded on the server to
 * SERVER_SHARE of the client's own bound (DB_STATEMENT_TIMEOUT): a statement held by a lock is
 * stopped there, with the transaction still open, while the client is still listening; the
 * transaction is then rolled back and the caller gets the error. Only when the client's own bound
 * runs out (the server did not answer at all) is the outcome unknown, as for a COMMIT whose answer
 * was lost: the connection is dropped, and the caller treats it as such.
 *
 * MariaDB only (`SET STATEMENT ... FOR`), and not on a Galera node: there the race of
 * test/cluster/ (30 exchanges of one token over three nodes, grace 0) was once answered 200
 * twice, so a transaction rolled back by another node's write set does not reliably fail the rest
 * of its text (probably when the abort lands between two of its statements). Elsewhere
 * `available` is false and callers keep their transaction of several round trips.
 */
@Injectable()
export class OneTripTransactions implements OnModuleInit, OnApplicationShutdown {
  private pool?: Pool;
  private usable = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get available(): boolean {
    return this.usable;
  }

  /** The database is connected by now (DatabaseModule); a failed look keeps the usual path. */
  async onModuleInit(): Promise<void> {
    if (this.dataSource.options.type !== 'mariadb') return;
    try {
      const [row] = await this.dataSource.query<Array<{ wsrep: number | string | null }>>(
        'SELECT @@global.wsrep_on AS wsrep',
      );
      this.usable = Number(row?.wsrep ?? 0) !== 1;
    } catch {
      this.usable = false;
    }
  }

  /**
   * Runs the statements in one transaction, in one round trip, and returns the rows each one
   * changed. A failure rolls the transaction back before it is reported (or drops the connection,
   * which rolls it back on the server).
   */
  async run(statements: readonly Statement[]): Promise<number[]> {
    const driver = this.dataSource.driver as unknown as MysqlDriverInternals;
    const clientBoundMs = driver.options.enableQueryTimeout ? driver.options.maxQueryExecutionTime : undefined;
    const serverBound = clientBoundMs
      ? `SET STATEMENT max_statement_time = ${(clientBoundMs * SERVER_SHARE) / 1000} FOR `
      : '';
    const parts = ['START TRANSACTION'];
    const values: unknown[] = [];
    for (const statement of statements) {
      const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(statement.sql, statement.parameters);
      parts.push(serverBound + sql);
      values.push(...(parameters as unknown[]));
    }
    parts.push('COMMIT');
    const text = parts.join('; ');
    const connection = await this.connection(driver);
    const started = Date.now();
    try {
      const results = await ask<ResultSetHeader[]>(connection, {
        sql: text,
        values,
        timeout: clientBoundMs,
      });
      connection.release();
      return results.slice(1, -1).map((result) => result.affectedRows);
    } catch (error) {
      const failure = error as Error & DriverError;
      await settle(connection, failure, clientBoundMs);
      // The server's statement bound, under the name the rest of the service knows (a 503).
      if (failure.errno === ER_STATEMENT_TIMEOUT && !failure.code) failure.code = 'ER_STATEMENT_TIMEOUT';
      throw failure;
    } finally {
      const took = Date.now() - started;
      if (clientBoundMs && took > clientBoundMs) this.dataSource.logger.logQuerySlow(took, text);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await new Promise<void>((resolve) => pool.end(() => resolve()));
  }

  private connection(driver: MysqlDriverInternals): Promise<PoolConnection> {
    if (!this.pool) {
      const options = driver.createConnectionOptions(driver.options, driver.options);
      // Through the same mysql2 as the main pool: acquire timeout, and Galera's causal reads.
      this.pool = driver.mysql.createPool({ ...options, multipleStatements: true });
      // An idle connection that breaks must not take the process down (TypeORM does the same).
      this.pool.on('connection', (connection) => connection.on('error', () => undefined));
    }
    const pool = this.pool;
    return new Promise((resolve, reject) =>
      pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))),
    );
  }
}

function ask<T>(
  connection: PoolConnection,
  options: { sql: string; values?: unknown[]; timeout?: number },
): Promise<T> {
  return new Promise((resolve, reject) =>
    connection.query(options, (error, results) => (error ? reject(error) : resolve(results as T))),
  );
}

/**
 * After a failure the transaction may still be open on the connection: it is rolled back before
 * the connection goes back. A connection that timed out on the client, or broke, is dropped:
 * the server rolls back what it had not committed when it sees it gone.
 */
async function settle(connection: PoolConnection, error: DriverError, timeout: number | undefined): Promise<void> {
  if (error.fatal || error.code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    connection.destroy();
    return;
  }
  try {
    await ask(connection, { sql: 'ROLLBACK', timeout });
    connection.release();
  } catch {
    connection.destroy();
  }
}
