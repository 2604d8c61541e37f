import * as mysql2 from 'mysql2';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';
import { AfterQueryEvent, DataSource, EntitySubscriberInterface, EventSubscriber } from 'typeorm';

/**
 * Bounds on every wait for MySQL/MariaDB, so that a database that stops answering (crashed,
 * partitioned, overloaded) turns requests into 503s within seconds instead of hanging them:
 * at most ACQUIRE for a connection (opening one included), then DB_STATEMENT_TIMEOUT for each
 * statement (migrations are not bounded: schema changes may take long). A statement that
 * times out may still commit, so that bound must exceed a cluster's failover pause.
 */
export const MYSQL_BOUNDS = {
  /** A connection whose handshake has not completed by then has failed. */
  connectMs: 3000,
  /** Waiting for a pooled connection, while all are busy or being opened. Nothing was done yet. */
  acquireMs: 4000,
} as const;

/**
 * On Galera, other nodes' commits are applied here asynchronously: without this a read may
 * miss a rotation or revocation that the client already saw succeed through another node, and
 * take an honest token for a stolen one. 3 = reads, updates and deletes first wait until this
 * node has applied everything the cluster had committed when the statement started.
 */
export const GALERA_SESSION_SQL = ['SET SESSION wsrep_sync_wait = 3'];

/** Pool settings that keep dead connections from lingering. */
export const POOL_OPTIONS = {
  connectionLimit: 10,
  // Probes idle connections so that a peer that vanished is noticed without a query.
  enableKeepAlive: true,
  keepAliveInitialDelay: 10_000,
  idleTimeout: 60_000,
  // mysql2 otherwise captures a stack trace for every statement, to append the caller's frames
  // to an error that almost never comes: 4 % of a refresh exchange's CPU. Errors keep their
  // code and message, and TypeORM's QueryFailedError names the statement.
  trace: false,
} as const;

function acquireTimeout(): NodeJS.ErrnoException {
  return Object.assign(new Error('Timed out waiting for a database connection'), { code: 'POOL_ACQUIRE_TIMEOUT' });
}

/**
 * mysql2 has no acquire timeout: a request would wait in the pool's queue for as long as the
 * connections ahead of it hang. A connection that arrives after its caller gave up goes back.
 */
function withAcquireTimeout(pool: Pool, timeoutMs: number): Pool {
  const acquire = pool.getConnection.bind(pool);
  pool.getConnection = (callback: (error: NodeJS.ErrnoException | null, connection: PoolConnection) => void) => {
    let waiting = true;
    const timer = setTimeout(() => {
      waiting = false;
      callback(acquireTimeout(), undefined as unknown as PoolConnection);
    }, timeoutMs);
    acquire((error, connection) => {
      if (!waiting) {
        if (!error) connection.release();
        return;
      }
      waiting = false;
      clearTimeout(timer);
      callback(error, connection);
    });
  };
  return pool;
}

/**
 * Runs `statements` on every connection the pool opens, before anyone gets it: mysql2 queues
 * commands in order, and the pool emits `connection` before handing a new one out. A
 * connection that cannot take them is dropped rather than used without them.
 */
function withSessionSetup(pool: Pool, statements: readonly string[]): Pool {
  if (statements.length === 0) return pool;
  pool.on('connection', (connection) => {
    for (const sql of statements) {
      connection.query(sql, (error: Error | null) => {
        if (error) connection.destroy();
      });
    }
  });
  return pool;
}

/** mysql2 as TypeORM loads it: the acquire timeout and `sessionSql` on every pool it creates. */
export function boundedMysql2(sessionSql: readonly string[] = []) {
  return {
    ...mysql2,
    createPool: (options: PoolOptions) =>
      withSessionSetup(withAcquireTimeout(mysql2.createPool(options), MYSQL_BOUNDS.acquireMs), sessionSql),
  };
}

/**
 * mysql2 reports a timed-out statement but keeps the connection with the statement still
 * pending on it: back in the pool, it would hang whoever gets it next. It is destroyed here,
 * and the pool opens a fresh one when needed.
 */
@EventSubscriber()
export class TimedOutConnectionReaper implements EntitySubscriberInterface<unknown> {
  afterQuery(event: AfterQueryEvent): void {
    const error = event.error as { code?: unknown } | undefined;
    if (event.success || error?.code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    const runner = event.queryRunner as unknown as { databaseConnection?: { destroy?: () => void } };
    runner.databaseConnection?.destroy?.();
  }
}

/** Turns the statement timeout on once migrations have run (see MYSQL_BOUNDS.queryMs). */
export function boundQueries(dataSource: DataSource): void {
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return;
  (dataSource.driver.options as { enableQueryTimeout?: boolean }).enableQueryTimeout = true;
}
