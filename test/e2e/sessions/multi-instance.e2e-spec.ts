import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp, useTestApps } from '../../support/test-app';
import { sleep } from '../../support/sleep';

const SYNC_INTERVAL_MS = 1000;

describe.each(databaseTargets())('two instances on one $name database', (target) => {
  const [a, b] = useTestApps(target, { REVOCATION_SYNC_INTERVAL: '1s' }, [{ REVOCATION_SYNC_INTERVAL: '1s' }], (app) =>
    createUser(app, ALICE),
  );

  const me = (app: TestApp, access: string) => app.request().get('/api/me').set('Authorization', `Bearer ${access}`);

  it('B rejects the access token of a session revoked through A within the sync interval + 1 s', async () => {
    const pair = await a.api.loginAs(ALICE);
    await me(b, pair.access).expect(200);

    await a
      .request()
      .delete('/api/me/sessions')
      .set('Authorization', `Bearer ${pair.access}`)
      .expect(200, { revoked: 1 });
    const revokedAt = Date.now();
    await me(a, pair.access).expect(401);

    let elapsed = 0;
    for (;;) {
      const response = await me(b, pair.access);
      elapsed = Date.now() - revokedAt;
      if (response.status === 401) {
        expect(response.body.messages[0].message).toBe('Token is blacklisted');
        break;
      }
      expect(elapsed).toBeLessThan(SYNC_INTERVAL_MS + 1000);
      await sleep(25);
    }
    process.stdout.write(`revocation reached instance B after ${elapsed} ms (interval ${SYNC_INTERVAL_MS} ms)\n`);
    expect(elapsed).toBeLessThan(SYNC_INTERVAL_MS + 1000);
  });

  it('lets exactly one of 40 parallel refreshes of one token, split across A and B, win', async () => {
    const { refresh } = await a.api.loginAs(ALICE);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).request().post('/api/token/refresh/').send({ refresh }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(39);
  });

  it('an instance started after a revocation learns it at boot', async () => {
    const pair = await a.api.loginAs(ALICE);
    await a.request().delete('/api/me/sessions').set('Authorization', `Bearer ${pair.access}`).expect(200);
    const late = await createTestApp(a.url, { DB_MIGRATE_ON_START: 'false', REVOCATION_SYNC_INTERVAL: '60s' });
    try {
      const response = await me(late, pair.access).expect(401);
      expect(response.body.messages[0].message).toBe('Token is blacklisted');
    } finally {
      await late.close();
    }
  });
});
