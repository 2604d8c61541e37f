import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { craft, variant } from '../../support/tokens';
import { sleep } from '../../support/sleep';

/**
 * The guard and TokenService answer a token they have already accepted from a cache
 * (src/auth/verified-token.cache.ts): whatever they answered before, revocation, rotation, expiry,
 * type and near-copies must be answered as without it.
 */
const rejected = (message: string) => ({
  detail: 'Given token not valid for any token type',
  code: 'token_not_valid',
  messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
});

describe.each(databaseTargets())('guard with verified-token cache on $name', (target) => {
  const app = useTestApp(target, {}, (app) => createUser(app, ALICE));

  const me = (token: string) => app.request().get('/api/me').set('Authorization', `Bearer ${token}`);

  it('refuses a token it has already accepted once its session is revoked', async () => {
    const pair = await app.api.loginAs(ALICE);
    await me(pair.access).expect(200);
    await me(pair.access).expect(200);
    await app.request().post('/api/token/blacklist/').send({ refresh: pair.refresh }).expect(200);
    await me(pair.access).expect(401, rejected('Token is blacklisted'));
  });

  it('refuses a token it has already accepted once its exp has passed', async () => {
    const pair = await app.api.loginAs(ALICE);
    const shortLived = craft(variant(pair.access, { exp: Math.floor(Date.now() / 1000) + 2 }));
    await me(shortLived).expect(200);
    await sleep(3000);
    await me(shortLived).expect(401, rejected('Token is invalid or expired'));
  });

  it('refuses near-copies of a token it has accepted', async () => {
    const pair = await app.api.loginAs(ALICE);
    await me(pair.access).expect(200);
    // A character in the middle of the signature: all six of its bits are signature bits.
    const at = pair.access.length - 10;
    const flipped = pair.access[at] === 'A' ? 'B' : 'A';
    const forged = `${pair.access.slice(0, at)}${flipped}${pair.access.slice(at + 1)}`;
    await me(forged).expect(401, rejected('Token is invalid or expired'));
    await me(`${pair.access}.`).expect(401, rejected('Token is invalid or expired'));
    await me(pair.access).expect(200);
  });

  it('answers a refresh token presented as a bearer the same way every time', async () => {
    const pair = await app.api.loginAs(ALICE);
    for (let i = 0; i < 2; i++) {
      await me(pair.refresh).expect(401, rejected('Token has wrong type'));
    }
  });

  const verify = (token: string) => app.request().post('/api/token/verify/').send({ token });
  const refresh = (token: string) => app.request().post('/api/token/refresh/').send({ refresh: token });
  const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };

  it('verify: an access token verified before is blacklisted once its session is revoked', async () => {
    const pair = await app.api.loginAs(ALICE);
    await verify(pair.access).expect(200, {});
    await verify(pair.access).expect(200, {});
    await app.request().post('/api/token/blacklist/').send({ refresh: pair.refresh }).expect(200);
    await verify(pair.access).expect(401, BLACKLISTED);
  });

  it('refresh tokens verified before are still rotated once, and the old one is then refused', async () => {
    const pair = await app.api.loginAs(ALICE);
    await verify(pair.refresh).expect(200, {});
    const next = await refresh(pair.refresh).expect(200);
    await verify(pair.refresh).expect(401, BLACKLISTED);
    await refresh(pair.refresh).expect(401, BLACKLISTED);
    await verify(next.body.refresh).expect(401, BLACKLISTED);
  });

  it('an access token verified before is still refused where a refresh token is expected', async () => {
    const pair = await app.api.loginAs(ALICE);
    await verify(pair.access).expect(200, {});
    await refresh(pair.access).expect(401, { detail: 'Token has wrong type', code: 'token_not_valid' });
  });
});
