import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the time it took. */
async function within(timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

describe.each(databaseTargets())('readiness and revocation staleness on $name', (target) => {
  const sync = { REVOCATION_SYNC_INTERVAL: '1s', REVOCATION_MAX_STALENESS: '2s' };
  const [open, closed] = useTestApps(target, sync, [{ ...sync, REVOCATION_FAIL_CLOSED: 'true' }], (app) =>
    createUser(app, ALICE),
  );

  const me = (app: TestApp, access: string) => app.request().get('/api/me').set('Authorization', `Bearer ${access}`);
  const rename = (from: string, to: string) => open.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`);

  it('reports the database and the revocation sync when ready', async () => {
    const ready = await open.request().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, revocation_sync: { status: 'up' } },
    });
  });

  it('is not ready when the service tables cannot be read, though the database answers SELECT 1', async () => {
    await rename('sessions', 'sessions_away');
    try {
      const ready = await open.request().get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    } finally {
      await rename('sessions_away', 'sessions');
    }
    await open.request().get('/health/ready').expect(200);
  });

  it('a stale revocation sync: both instances not ready, the fail-closed one refuses bearer tokens with 503; both recover', async () => {
    const pair = await open.api.loginAs(ALICE);
    await me(closed, pair.access).expect(200);
    await rename('session_revocations', 'session_revocations_away');
    try {
      const staleAfter = await within(8000, async () => (await closed.request().get('/health/ready')).status === 503);
      await within(3000, async () => (await open.request().get('/health/ready')).status === 503);
      const ready = await open.request().get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { revocation_sync: { status: 'down' } } });
      expect(ready.body.error.revocation_sync.message).toMatch(/last successful revocation sync \d+ ms ago/);

      const refused = await me(closed, pair.access).expect(503);
      expect(refused.body).toEqual({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
      expect(refused.headers['retry-after']).toBe('1');
      // Fail-open (the default) keeps serving through the outage of its revocation source.
      await me(open, pair.access).expect(200);
      process.stdout.write(`revocation sync stale -> not ready after ${staleAfter} ms (bound 2000 ms)\n`);
    } finally {
      await rename('session_revocations_away', 'session_revocations');
    }
    const recovered = await within(5000, async () => (await me(closed, pair.access)).status === 200);
    for (const app of [open, closed]) {
      await within(3000, async () => (await app.request().get('/health/ready')).status === 200);
    }
    process.stdout.write(`fail-closed instance serving again ${recovered} ms after the table came back\n`);
  });
});
