import * as mysql2 from 'mysql2';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';
import { AfterQueryEvent, DataSource, EntitySubscriberInterface, EventSubscriber } from 'typeorm';

/**
 * Bounds on every wait for MySQL/MariaDB, so that a database that stops answering (crashed,
 * partitioned, overloaded) turns requests into 503s within seconds instead of hanging them:
 * at most ACQUIRE for a connection (opening one included), then QUERY for each statement.
 */
export const MYSQL_BOUNDS = {
  /** A connection whose handshake has not completed by then has failed. */
  connectMs: 3000,
  /** Waiting for a pooled connection, while all are busy or being opened. */
  acquireMs: 4000,
  /** One statement of a request. Migrations are not bounded: schema changes may take long. */
  queryMs: 4000,
} as const;

/** Pool settings that keep dead connections from lingering. */
export const POOL_OPTIONS = {
  connectionLimit: 10,
  // Probes idle connections so that a peer that vanished is noticed without a query.
  enableKeepAlive: true,
  keepAliveInitialDelay: 10_000,
  idleTimeout: 60_000,
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

/** mysql2 as TypeORM loads it, with the acquire timeout on every pool it creates. */
export const boundedMysql2 = {
  ...mysql2,
  createPool: (options: PoolOptions) => withAcquireTimeout(mysql2.createPool(options), MYSQL_BOUNDS.acquireMs),
};

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
