import { User } from '../../../src/users/user.entity';
import { ApiKit, Account, createStaff } from '../../support/api-kit';
import { ACCESS_BLACKLISTED, BLACKLISTED, PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { SuiteApp, useTestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';

const LAST_STAFF = { detail: 'The last active staff account cannot be removed.', code: 'last_staff' };

function kitFor(app: SuiteApp) {
  const kit = new ApiKit(() => app, 'privileges-e2e');
  const patch = (access: string, id: number, body: object) =>
    kit.call('patch', `/api/admin/users/${id}`, access).send(body);
  const revocationsOf = async (userId: number) =>
    (await kit.auditOf(userId, 'session_revoked')).map((event) => [event.sessionId, event.detail]);
  const activeStaff = () => app.dataSource.getRepository(User).count({ where: { isStaff: true, isActive: true } });
  return { kit, patch, revocationsOf, activeStaff };
}

describe.each(databaseTargets())('privilege changes on $name', (target) => {
  describe('a reduction ends every session at once; a grant waits for the next refresh', () => {
    let admin: Account;
    const app = useTestApp(target, {}, async (built) => {
      admin = await createStaff(built, 'priv-admin');
    });
    const { kit, patch, revocationsOf } = kitFor(app);

    async function expectAllDead(pairs: Pair[]): Promise<void> {
      for (const pair of pairs) {
        await kit.refresh(pair.refresh).expect(401, BLACKLISTED);
        await kit.call('get', '/api/me', pair.access).expect(401, ACCESS_BLACKLISTED);
      }
    }

    it('removing is_staff revokes the sessions: the old access token cannot re-promote anybody', async () => {
      const demoted = await kit.newAccount('demoted', { isStaff: true });
      const pairs = [await kit.loginAs(demoted), await kit.loginAs(demoted)];
      await patch(await kit.accessOf(admin), demoted.id, { is_staff: false }).expect(200);

      await expectAllDead(pairs);
      await patch(pairs[0].access, demoted.id, { is_staff: true }).expect(401);
      await kit
        .call('post', '/api/admin/users', pairs[1].access)
        .send({ username: 'x', password: PASSWORD })
        .expect(401);
      expect((await revocationsOf(demoted.id)).sort()).toEqual(
        pairs.map((pair) => [kit.sidOf(pair.refresh), { reason: 'privileges_changed', by: admin.id }]).sort(),
      );
      expect(decode((await kit.loginAs(demoted)).access).is_staff).toBe(false);
    });

    it('removing a scope revokes the sessions; reordering the same scopes does not', async () => {
      const reader = await kit.newAccount('scoped', { scopes: ['read:messages', 'write:messages'] });
      const pair = await kit.loginAs(reader);
      await patch(await kit.accessOf(admin), reader.id, { scopes: ['write:messages', 'read:messages'] }).expect(200);
      await kit.expectSessionAlive(pair);

      const next = await kit.loginAs(reader);
      await patch(await kit.accessOf(admin), reader.id, { scopes: ['read:messages'] }).expect(200);
      await expectAllDead([next]);
      expect(await revocationsOf(reader.id)).toEqual(
        expect.arrayContaining([[kit.sidOf(next.refresh), { reason: 'privileges_changed', by: admin.id }]]),
      );
    });

    it('deactivation revokes with reason deactivated', async () => {
      const leaving = await kit.newAccount('leaving', { isStaff: true });
      const pair = await kit.loginAs(leaving);
      await patch(await kit.accessOf(admin), leaving.id, { is_active: false }).expect(200);
      await kit.call('get', '/api/me', pair.access).expect(401, ACCESS_BLACKLISTED);
      expect(await revocationsOf(leaving.id)).toEqual([
        [kit.sidOf(pair.refresh), { reason: 'deactivated', by: admin.id }],
      ]);
    });

    it('grants revoke nothing and show in the tokens of the next refresh', async () => {
      const growing = await kit.newAccount('growing', { scopes: ['read:messages'] });
      const pair = await kit.loginAs(growing);
      await patch(await kit.accessOf(admin), growing.id, {
        is_staff: true,
        scopes: ['read:messages', 'write:messages'],
      }).expect(200);

      expect(decode(pair.access)).toMatchObject({ is_staff: false, scope: 'read:messages' });
      const refreshed = await kit.expectSessionAlive(pair);
      expect(decode(refreshed.access)).toMatchObject({ is_staff: true, scope: 'read:messages write:messages' });
      expect(await revocationsOf(growing.id)).toEqual([]);
    });
  });

  describe('the last active staff account stays', () => {
    let root: Account;
    const app = useTestApp(target, {}, async (built) => {
      root = await createStaff(built, 'root');
    });
    const { kit, patch, activeStaff } = kitFor(app);

    it('refuses to demote, deactivate or delete the last one with 409 last_staff, and changes nothing', async () => {
      const access = await kit.accessOf(root);
      await patch(access, root.id, { is_staff: false }).expect(409, LAST_STAFF);
      await patch(access, root.id, { is_active: false }).expect(409, LAST_STAFF);
      await patch(access, root.id, { is_staff: false, email: 'gone@example.com' }).expect(409, LAST_STAFF);
      await kit.call('delete', `/api/admin/users/${root.id}`, access).expect(409, LAST_STAFF);

      // Nothing happened, its sessions included; other changes of the account still work.
      const user = (await kit.call('get', `/api/admin/users/${root.id}`, access).expect(200)).body as {
        is_staff: boolean;
        is_active: boolean;
        email: string;
      };
      expect(user).toMatchObject({ is_staff: true, is_active: true, email: '' });
      await patch(access, root.id, { email: 'root@example.com' }).expect(200);
      // An inactive staff account does not count as one that can administer.
      const dormant = await kit.newAccount('dormant', { isStaff: true, isActive: false });
      await patch(access, root.id, { is_staff: false }).expect(409, LAST_STAFF);
      await kit.call('delete', `/api/admin/users/${dormant.id}`, access).expect(204);
      expect(await activeStaff()).toBe(1);
    });

    it('two admins demoting or deactivating each other at once leave exactly one active staff account', async () => {
      const a = await kit.newAccount('twin-a', { isStaff: true });
      const b = await kit.newAccount('twin-b', { isStaff: true });
      // root steps down, leaving a and b.
      await patch(await kit.accessOf(a), root.id, { is_staff: false }).expect(200);
      expect(await activeStaff()).toBe(2);

      const changes = [{ is_staff: false }, { is_active: false }, { is_staff: false, is_active: false }];
      for (let round = 0; round < 6; round++) {
        const change = changes[round % changes.length];
        const [accessA, accessB] = await Promise.all([kit.accessOf(a), kit.accessOf(b)]);
        const [byA, byB] = await Promise.all([patch(accessA, b.id, change), patch(accessB, a.id, change)]);
        const statuses = [byA.status, byB.status].sort();
        // The winner answered 200; the other found itself the last one (409), or was already
        // demoted by the time its token was checked (401).
        expect(statuses[0]).toBe(200);
        expect([401, 409]).toContain(statuses[1]);
        expect(await activeStaff()).toBe(1);

        const [winner, loser] = byA.status === 200 ? [a, b] : [b, a];
        await patch(await kit.accessOf(winner), loser.id, { is_staff: true, is_active: true }).expect(200);
        expect(await activeStaff()).toBe(2);
      }
      // And the same for deletions.
      const [accessA, accessB] = await Promise.all([kit.accessOf(a), kit.accessOf(b)]);
      const deletions = await Promise.all([
        kit.call('delete', `/api/admin/users/${b.id}`, accessA),
        kit.call('delete', `/api/admin/users/${a.id}`, accessB),
      ]);
      const statuses = deletions.map((response) => response.status).sort();
      expect(statuses[0]).toBe(204);
      expect([401, 409]).toContain(statuses[1]);
      expect(await activeStaff()).toBe(1);
    });
  });
});
