import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';
import { decode } from '../../support/tokens';
import { sleep } from '../../support/sleep';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

describe.each(databaseTargets())('sliding tokens (SLIDING_TOKENS=true) on $name', (target) => {
  const [app, short, off] = useTestApps(
    target,
    { SLIDING_TOKENS: 'true' },
    [{ SLIDING_TOKENS: 'true', SLIDING_TOKEN_LIFETIME: '1s', SLIDING_TOKEN_REFRESH_LIFETIME: '5s' }, {}],
    (first) => createUser(first, { ...ALICE, scopes: ['read:messages'] }),
  );

  const obtain = async (on: TestApp) => {
    const response = await on.request().post('/api/token/sliding/').send(ALICE).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return (response.body as { token: string }).token;
  };
  const slide = (on: TestApp, token: string) => on.request().post('/api/token/sliding/refresh/').send({ token });
  const me = (on: TestApp, token: string) => on.request().get('/api/me').set('Authorization', `Bearer ${token}`);

  it('obtain: {token} with token_type sliding, exp and refresh_exp, in a session', async () => {
    const response = await app.request().post('/api/token/sliding/').send(ALICE).expect(200);
    expect(response.body).toEqual({ token: expect.stringMatching(JWT) });
    const claims = decode(response.body.token);
    expect(claims).toMatchObject({ token_type: 'sliding', name: 'alice', scope: 'read:messages', is_staff: false });
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect((claims.refresh_exp as number) - (claims.iat as number)).toBe(86400);
    expect(claims.sid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is accepted as a bearer token while the mode is on', async () => {
    const token = await obtain(app);
    await me(app, token).expect(200, { id: 1, username: 'alice', is_staff: false, scopes: ['read:messages'] });
  });

  it('refresh: a new token with a new exp and the same refresh_exp', async () => {
    const token = await obtain(app);
    await sleep(1100);
    const response = await slide(app, token).expect(200);
    const [before, after] = [decode(token), decode(response.body.token)];
    expect(after.refresh_exp).toBe(before.refresh_exp);
    expect(after.exp as number).toBeGreaterThan(before.exp as number);
    expect(after.sid).toBe(before.sid);
    const events = await app.dataSource
      .getRepository(AuditEvent)
      .findBy({ event: 'refresh', sessionId: String(before.sid) });
    expect(events.map((event) => event.detail)).toEqual([{ token_type: 'sliding' }]);
  });

  it('an expired sliding token still refreshes until refresh_exp, then never again', async () => {
    const token = await obtain(short);
    await sleep(2100);
    const expired = await me(short, token).expect(401);
    expect(expired.body.messages[0].message).toBe('Token is invalid or expired');
    const renewed = (await slide(short, token).expect(200)).body.token as string;
    expect(decode(renewed).exp as number).toBeGreaterThan(decode(token).exp as number);

    expect(decode(renewed).refresh_exp).toBe(decode(token).refresh_exp);
    await sleep(((decode(renewed).refresh_exp as number) + 1) * 1000 - Date.now());
    await slide(short, renewed).expect(401, {
      detail: "Token 'refresh_exp' claim has expired",
      code: 'token_not_valid',
    });
  });

  it('belongs to its session: after logout everywhere it no longer refreshes or authenticates', async () => {
    const token = await obtain(app);
    await app
      .request()
      .delete(`/api/me/sessions/${String(decode(token).sid)}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await slide(app, token).expect(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });
    expect((await me(app, token).expect(401)).body.messages[0].message).toBe('Token is blacklisted');
  });

  it('keeps token types apart', async () => {
    const token = await obtain(app);
    const pair = await app.api.loginAs(ALICE);
    await app
      .request()
      .post('/api/token/refresh/')
      .send({ refresh: token })
      .expect(401, { detail: 'Token has wrong type', code: 'token_not_valid' });
    await slide(app, pair.refresh).expect(401, { detail: 'Token has wrong type', code: 'token_not_valid' });
    await app.request().post('/api/token/verify/').send({ token }).expect(200, {});
  });

  it('answers bad input like SimpleJWT', async () => {
    await app
      .request()
      .post('/api/token/sliding/')
      .send({})
      .expect(400, {
        username: ['This field is required.'],
        password: ['This field is required.'],
      });
    await app
      .request()
      .post('/api/token/sliding/')
      .send({ username: 'alice', password: 'wrong-password' })
      .expect(401, { detail: 'No active account found with the given credentials', code: 'no_active_account' });
    await slide(app, 'garbage').expect(401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
  });

  it('is off by default: the routes are 404 and sliding bearer tokens are refused', async () => {
    const token = await obtain(app);
    await off
      .request()
      .post('/api/token/sliding/')
      .send(ALICE)
      .expect(404, { detail: 'Not found.', code: 'not_found' });
    await slide(off, token).expect(404, { detail: 'Not found.', code: 'not_found' });
    expect((await me(off, token).expect(401)).body.messages[0].message).toBe('Token has wrong type');
  });
});
