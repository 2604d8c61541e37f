import { ApiKit } from '../../support/api-kit';
import { BAD_CREDENTIALS, PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';

const WRONG_OLD = { old_password: ['Wrong password.'] };
const THROTTLED = {
  detail: expect.stringMatching(/^Request was throttled\. Expected available in \d+ seconds\.$/),
  code: 'throttled',
};

/** A stolen access token must not turn the password change into an unlimited password oracle. */
describe.each(databaseTargets())(
  'POST /api/me/password counts wrong old passwords as failed logins on $name',
  (target) => {
    const [app, ipLimited] = useTestApps(target, { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT: '15m' }, [
      { LOGIN_MAX_FAILURES: '1000', LOGIN_IP_MAX_PER_MINUTE: '3' },
    ]);
    const kit = new ApiKit(() => app, 'password-guessing-e2e');
    const change = (access: string, oldPassword: string, via: TestApp = app) =>
      via
        .request()
        .post('/api/me/password')
        .set('Authorization', `Bearer ${access}`)
        .send({ old_password: oldPassword, new_password: 'a-brand-new-password-1' });

    it('locks the user after LOGIN_MAX_FAILURES wrong old passwords: 429 with Retry-After, even for the right one', async () => {
      const victim = await kit.newAccount('victim');
      const access = await kit.accessOf(victim);
      for (let i = 0; i < 3; i++) await change(access, `guess-number-${i}`).expect(400, WRONG_OLD);

      const locked = await change(access, PASSWORD).expect(429);
      expect(locked.body).toEqual(THROTTLED);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      // The same lock as the login's: the password still is the old one, and logins are refused too.
      await kit.tryLogin(victim.username, PASSWORD).expect(429);
      const failures = await kit.auditOf(victim.id, 'login_failed');
      expect(failures).toHaveLength(3);
      expect(await kit.auditOf(victim.id, 'lockout')).toHaveLength(1);
    });

    it('shares one count with /api/token/: failures at either add up', async () => {
      const victim = await kit.newAccount('shared');
      const access = await kit.accessOf(victim);
      await kit.tryLogin(victim.username, 'wrong-at-login-1').expect(401, BAD_CREDENTIALS);
      await kit.tryLogin(victim.username, 'wrong-at-login-2').expect(401, BAD_CREDENTIALS);
      await change(access, 'wrong-here').expect(400, WRONG_OLD);
      await change(access, PASSWORD).expect(429);
    });

    it('a right old password clears the count, as a successful login does', async () => {
      const owner = await kit.newAccount('owner');
      const access = await kit.accessOf(owner);
      await change(access, 'typo-1').expect(400, WRONG_OLD);
      await change(access, 'typo-2').expect(400, WRONG_OLD);
      await change(access, PASSWORD).expect(204);
      await kit.tryLogin(owner.username, 'wrong-again-1').expect(401);
      await kit.tryLogin(owner.username, 'wrong-again-2').expect(401);
      await kit.tryLogin(owner.username, 'a-brand-new-password-1').expect(200);
    });

    it('draws on the per-IP login budget (LOGIN_IP_MAX_PER_MINUTE)', async () => {
      const account = await kit.newAccount('ip');
      const access = await kit.accessOf(account);
      for (let i = 0; i < 3; i++) await change(access, `ip-guess-${i}`, ipLimited).expect(400, WRONG_OLD);
      const refused = await change(access, `ip-guess-last`, ipLimited).expect(429);
      expect(refused.body).toEqual(THROTTLED);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });
  },
);
