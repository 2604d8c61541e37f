import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { OneTripTransactions } from '../../../src/common/one-trip';
import { Session } from '../../../src/sessions/session.entity';
import { ApiKit } from '../../support/api-kit';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { Pair } from '../../support/tokens';

/**
 * A rotation and its `refresh` audit event are one transaction: the trail never misses an
 * exchange that happened, and never shows one that did not.
 */
describe.each(databaseTargets())('a rotation and its audit event on $name', (target) => {
  const app = useTestApp(target, { REFRESH_REUSE_GRACE: '0s' });
  const kit = new ApiKit(() => app);
  const { newAccount, loginAs, refresh, sidOf, auditOf } = kit;
  const userAgent = 'rotation-audit-e2e/1.0';

  const generationOf = async (sid: string): Promise<number> =>
    (await app.dataSource.getRepository(Session).findOneByOrFail({ id: sid })).generation;

  it('records each exchange once, with its session and client', async () => {
    const account = await newAccount('audited');
    const first = await loginAs(account);
    const second = (await refresh(first.refresh, userAgent).expect(200)).body as Pair;
    await refresh(second.refresh, userAgent).expect(200);
    const events = await auditOf(account.id, 'refresh');
    expect(events.map((event) => [event.sessionId, event.userAgent, event.detail])).toEqual([
      [sidOf(first.refresh), userAgent, null],
      [sidOf(first.refresh), userAgent, null],
    ]);
    expect(await generationOf(sidOf(first.refresh))).toBe(2);
  });

  it('writes no event when the rotation matched no row: a rotated token, a revoked session', async () => {
    const account = await newAccount('unmatched');
    const first = await loginAs(account);
    const second = (await refresh(first.refresh).expect(200)).body as Pair;
    // No grace: the first token again is theft, which ends the session, and its successor is dead too.
    await refresh(first.refresh).expect(401);
    await refresh(second.refresh).expect(401);
    expect(await auditOf(account.id, 'refresh')).toHaveLength(1);
    expect(await auditOf(account.id, 'refresh_reuse_detected')).toHaveLength(1);
    expect(await generationOf(sidOf(first.refresh))).toBe(1);
  });

  it('sends the rotation and its event as one transaction in one text on MariaDB, nowhere else', async () => {
    const oneTrip = app.get(OneTripTransactions);
    const run = jest.spyOn(oneTrip, 'run');
    try {
      const account = await newAccount('one-trip');
      const pair = await loginAs(account);
      await refresh(pair.refresh).expect(200);
      expect(run).toHaveBeenCalledTimes(app.dataSource.options.type === 'mariadb' ? 1 : 0);
      expect(await auditOf(account.id, 'refresh')).toHaveLength(1);
    } finally {
      run.mockRestore();
    }
  });

  it('records the client_id of an OAuth refresh grant', async () => {
    const account = await newAccount('oauth');
    const pair = await loginAs(account);
    await app
      .request()
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: pair.refresh, client_id: 'spa' })
      .expect(200);
    const events = await auditOf(account.id, 'refresh');
    expect(events.map((event) => event.detail)).toEqual([{ client_id: 'spa' }]);
  });

  it('rolls the rotation back when its audit event cannot be written, so the same token still works', async () => {
    const account = await newAccount('unaudited');
    const pair = await loginAs(account);
    const audit = app.dataSource.getRepository(AuditEvent).metadata.tableName;
    await app.dataSource.query(`ALTER TABLE ${audit} RENAME TO ${audit}_away`);
    try {
      const failed = await refresh(pair.refresh);
      expect(failed.status).toBe(500);
      expect(failed.body).not.toHaveProperty('refresh');
    } finally {
      await app.dataSource.query(`ALTER TABLE ${audit}_away RENAME TO ${audit}`);
    }
    expect(await generationOf(sidOf(pair.refresh))).toBe(0);
    // With no grace, a token that had been rotated would now be theft and end the session.
    const next = (await refresh(pair.refresh).expect(200)).body as Pair;
    await refresh(next.refresh).expect(200);
    expect(await auditOf(account.id, 'refresh')).toHaveLength(2);
    expect(await auditOf(account.id, 'refresh_reuse_detected')).toHaveLength(0);
  });
});
