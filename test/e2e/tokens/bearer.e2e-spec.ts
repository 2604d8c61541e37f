import { RevocationList } from '../../../src/sessions/revocation.list';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';
import { craft, variant } from '../../support/tokens';

/**
 * What a bearer sees of the guard: the caller built from the token's claims alone, SimpleJWT's
 * bodies for each way a token fails, the configured issuer, audience and leeway, and the 503 of
 * an instance that refuses to trust revocations it has not synced for too long.
 */
const rejected = (message: string) => ({
  detail: 'Given token not valid for any token type',
  code: 'token_not_valid',
  messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
});
const INVALID = rejected('Token is invalid or expired');

describe.each(databaseTargets())('bearer tokens on $name', (target) => {
  const issued = { JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'bearer-e2e', JWT_LEEWAY: '30s' };
  // No sync round after boot: the fake clock alone decides how old the revocations are.
  const failClosed = {
    REVOCATION_FAIL_CLOSED: 'true',
    REVOCATION_SYNC_INTERVAL: '1h',
    REVOCATION_MAX_STALENESS: '10s',
  };
  const [app, closed] = useTestApps(target, issued, [failClosed], (first) =>
    createUser(first, { ...ALICE, scopes: ['read:messages'] }),
  );

  const me = (token: string, on: TestApp = app) => on.request().get('/api/me').set('Authorization', `Bearer ${token}`);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('describes the caller by the claims alone: scope words, name, is_staff only when true', async () => {
    const { access } = await app.api.loginAs(ALICE);
    await me(access).expect(200, { id: 1, username: 'alice', is_staff: false, scopes: ['read:messages'] });
    const spaced = variant(access, { scope: ' read:a  write:b ', name: 'renamed', is_staff: 'true' });
    await me(craft(spaced)).expect(200, { id: 1, username: 'renamed', is_staff: false, scopes: ['read:a', 'write:b'] });
    const bare = variant(access, { scope: undefined, name: 42, is_staff: true });
    await me(craft(bare)).expect(200, { id: 1, username: '', is_staff: true, scopes: [] });
    await me(craft(variant(access, { scope: '' }))).expect(200, {
      id: 1,
      username: 'alice',
      is_staff: false,
      scopes: [],
    });
  });

  it('answers a token without a user or a session plainly, other claim failures with the messages', async () => {
    const { access } = await app.api.loginAs(ALICE);
    await me(craft(variant(access, { user_id: undefined }))).expect(401, {
      detail: 'Token contained no recognizable user identification',
      code: 'token_not_valid',
    });
    await me(craft(variant(access, { sid: 'not-a-session' }))).expect(401, {
      detail: 'Token contained no recognizable session',
      code: 'token_not_valid',
    });
    await me(craft(variant(access, { token_type: undefined }))).expect(401, rejected('Token has no type'));
  });

  it('refuses a key id the ring does not hold as an invalid token', async () => {
    const { access } = await app.api.loginAs(ALICE);
    await me(craft(variant(access, {}), { keyid: 'no-such-key' })).expect(401, INVALID);
  });

  it('refuses a token it has already accepted once its session is revoked, with the 401 of a bearer route', async () => {
    const pair = await app.api.loginAs(ALICE);
    await me(pair.access).expect(200);
    await app.request().post('/api/token/blacklist/').send({ refresh: pair.refresh }).expect(200);
    const refused = await me(pair.access).expect(401);
    expect(refused.body).toEqual(rejected('Token is blacklisted'));
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('checks the configured issuer and audience', async () => {
    const { access } = await app.api.loginAs(ALICE);
    await me(craft(variant(access, {}))).expect(200);
    await me(craft(variant(access, { iss: 'https://elsewhere.test' }))).expect(401, INVALID);
    await me(craft(variant(access, { aud: 'another-audience' }))).expect(401, INVALID);
  });

  it('accepts an access token expired within JWT_LEEWAY, not later', async () => {
    const { access } = await app.api.loginAs(ALICE);
    await me(craft(variant(access, { exp: nowSeconds() - 10 }))).expect(200);
    await me(craft(variant(access, { exp: nowSeconds() - 60 }))).expect(401, INVALID);
    const verify = (token: string) => app.request().post('/api/token/verify/').send({ token });
    await verify(craft(variant(access, { exp: nowSeconds() - 10 }))).expect(200, {});
    await verify(craft(variant(access, { exp: nowSeconds() - 60 }))).expect(401, {
      detail: 'Token is invalid or expired',
      code: 'token_not_valid',
    });
  });

  it('with REVOCATION_FAIL_CLOSED, refuses bearer tokens with 503 once revocations are older than the bound', async () => {
    const { access } = await closed.api.loginAs(ALICE);
    await me(access, closed).expect(200);
    const trustedUntil = closed.get(RevocationList).trustedUntilMs;
    expect(Number.isFinite(trustedUntil)).toBe(true);
    jest.spyOn(Date, 'now').mockReturnValue(trustedUntil);
    await me(access, closed).expect(200);
    jest.spyOn(Date, 'now').mockReturnValue(trustedUntil + 1);
    const refused = await me(access, closed).expect(503, {
      detail: 'Service temporarily unavailable.',
      code: 'service_unavailable',
    });
    expect(refused.headers['retry-after']).toBe('1');
    // Public routes do not depend on revocations.
    await closed.request().post('/api/token/verify/').send({ token: access }).expect(200, {});
    // An instance without REVOCATION_FAIL_CLOSED trusts its revocations whatever their age.
    const open = await app.api.loginAs(ALICE);
    await me(open.access).expect(200);
  });
});
