import { createConnection } from 'mysql2/promise';
import { ALICE, createUser } from '../../factories/users.factory';
import { DatabaseTarget, databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode } from '../../support/tokens';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A statement that times out is not rolled back by the client's giving up: the server may still
 * run it. A rotation is a transaction, so a rotation whose UPDATE timed out is rolled back with
 * its connection, and the client's honest retry with the same token is an ordinary exchange.
 * Here a row lock holds the rotation past DB_STATEMENT_TIMEOUT (the client gets 503). Needs a
 * server-side statement bound, so MySQL/MariaDB only.
 */
const mysqlTargets = databaseTargets().filter((target) => target.name === 'mysql');

describe('a rotation that timed out', () => {
  it('runs on MySQL/MariaDB only (statement timeouts), when TEST_MYSQL_URL is set', () => {
    expect(mysqlTargets).toHaveLength(process.env.TEST_MYSQL_URL ? 1 : 0);
  });

  for (const target of mysqlTargets) describe(`on ${target.name}`, () => outcomeSuite(target));
});

function outcomeSuite(target: DatabaseTarget): void {
  const app = useTestApp(target, { DB_STATEMENT_TIMEOUT: '1s', REFRESH_REUSE_GRACE: '0s' }, (built) =>
    createUser(built, ALICE),
  );

  it('rolls a timed-out rotation back: the honest retry with the same token rotates it, a second replay is theft', async () => {
    const pair = await app.api.loginAs(ALICE);
    const sessionId = decode(pair.refresh).sid as string;
    const locker = await createConnection({ uri: app.url });
    try {
      await locker.beginTransaction();
      await locker.query('SELECT id FROM sessions WHERE id = ? FOR UPDATE', [sessionId]);
      const first = await app.request().post('/api/token/refresh/').send({ refresh: pair.refresh });
      expect(first.status).toBe(503);
      expect(first.body).toEqual({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
      await locker.commit();
    } finally {
      await locker.end();
    }
    // On MariaDB the server stopped the UPDATE at its own bound (before the COMMIT sent with it)
    // and the transaction was rolled back; elsewhere the abandoned UPDATE runs as soon as the lock
    // is gone, and its connection's end rolls it back.
    let pending = true;
    for (let i = 0; i < 50 && pending; i++) {
      const [{ n }] = await app.dataSource.query<Array<{ n: number | string }>>(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%UPDATE sessions SET%' AND ID <> CONNECTION_ID()",
      );
      pending = Number(n) > 0;
      if (pending) await sleep(100);
    }
    expect(pending).toBe(false);
    const [row] = await app.dataSource.query<Array<{ previous_jti: string | null }>>(
      'SELECT previous_jti FROM sessions WHERE id = ?',
      [sessionId],
    );
    expect(row.previous_jti).toBeNull();

    const retry = await app.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(200);
    const successor = retry.body.refresh as string;
    await app
      .request()
      .get('/api/me')
      .set('Authorization', `Bearer ${retry.body.access as string}`)
      .expect(200);

    const replay = await app.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(401);
    expect(replay.body).toMatchObject({ code: 'token_not_valid' });
    await app.request().post('/api/token/refresh/').send({ refresh: successor }).expect(401);
  });
}
