import { createConnection } from 'mysql2/promise';
import { ALICE, createUser } from '../../factories/users.factory';
import { DatabaseTarget, databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode } from '../../support/tokens';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A statement that times out is not rolled back: the server may still run it. Here a row lock
 * holds the rotation past DB_STATEMENT_TIMEOUT (the client gets 503), and the rotation commits
 * once the lock goes, as it does on a cluster that pauses commits during a failover. The honest
 * client retries with the same token; that must not count as reuse. Needs a server-side
 * statement bound, so MySQL/MariaDB only.
 */
const mysqlTargets = databaseTargets().filter((target) => target.name === 'mysql');

describe('a rotation whose outcome the client never learned', () => {
  it('runs on MySQL/MariaDB only (statement timeouts), when TEST_MYSQL_URL is set', () => {
    expect(mysqlTargets).toHaveLength(process.env.TEST_MYSQL_URL ? 1 : 0);
  });

  for (const target of mysqlTargets) describe(`on ${target.name}`, () => outcomeSuite(target));
});

function outcomeSuite(target: DatabaseTarget): void {
  const app = useTestApp(target, { DB_STATEMENT_TIMEOUT: '1s', REFRESH_REUSE_GRACE: '0s' }, (built) =>
    createUser(built, ALICE),
  );

  it('the honest retry with the same token gets the successor the committed rotation made; a second replay is theft', async () => {
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
    // The abandoned UPDATE runs as soon as the lock is gone.
    let rotated = false;
    for (let i = 0; i < 50 && !rotated; i++) {
      const [rows] = await app.dataSource.query<Array<{ previous_jti: string | null }>>(
        'SELECT previous_jti FROM sessions WHERE id = ?',
        [sessionId],
      );
      rotated = rows?.previous_jti === decode(pair.refresh).jti;
      if (!rotated) await sleep(100);
    }
    expect(rotated).toBe(true);

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
