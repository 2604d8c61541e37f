import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApps } from '../../support/test-app';
import { decode } from '../../support/tokens';

function refreshCookieOf(setCookie: string[] | string | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((cookie) => cookie.startsWith('refresh_token='));
}

function valueOf(cookie: string): string {
  return cookie.split(';')[0].slice('refresh_token='.length);
}

const CSRF = { detail: 'CSRF check failed: X-Requested-With header missing.', code: 'csrf_failed' };
const CROSS_SITE = { detail: 'CSRF check failed: cross-site request.', code: 'csrf_failed' };

describe.each(databaseTargets())('refresh token in an HttpOnly cookie on $name', (target) => {
  const [app, plain, pinned] = useTestApps(
    target,
    { REFRESH_COOKIE: 'true' },
    [{}, { REFRESH_COOKIE: 'true', PUBLIC_URL: 'https://auth.example.com/base/' }],
    (first) => createUser(first, ALICE),
  );

  const obtain = async () => {
    const response = await app.request().post('/api/token/').send(ALICE).expect(200);
    const cookie = refreshCookieOf(response.headers['set-cookie']);
    if (!cookie) throw new Error('no refresh_token cookie');
    return { body: response.body as { access: string }, cookie, refresh: valueOf(cookie) };
  };

  it('login sets the cookie HttpOnly, Secure, SameSite=Strict, scoped to /api/token; the body has access only', async () => {
    const { body, cookie } = await obtain();
    expect(Object.keys(body)).toEqual(['access']);
    expect(decode(valueOf(cookie)).token_type).toBe('refresh');
    const attributes = cookie.split(';').map((part) => part.trim());
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/token', 'Max-Age=86400']),
    );
  });

  it('refresh reads the cookie when the body has none, with X-Requested-With, and replaces it', async () => {
    const { cookie } = await obtain();
    const response = await app
      .request()
      .post('/api/token/refresh/')
      .set('Cookie', cookie.split(';')[0])
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(200);
    const next = refreshCookieOf(response.headers['set-cookie']);
    expect(Object.keys(response.body)).toEqual(['access']);
    expect(decode(valueOf(next ?? '')).token_type).toBe('refresh');
    expect(valueOf(next ?? '')).not.toBe(valueOf(cookie));
  });

  it('refuses a cookie-only request without X-Requested-With (CSRF) and loses nothing', async () => {
    const { cookie } = await obtain();
    await app.request().post('/api/token/refresh/').set('Cookie', cookie.split(';')[0]).expect(403, CSRF);
    await app.request().post('/api/token/blacklist/').set('Cookie', cookie.split(';')[0]).expect(403, CSRF);
    await app
      .request()
      .post('/api/token/refresh/')
      .set('Cookie', cookie.split(';')[0])
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(200);
  });

  it('prefers a token in the body over the cookie, without needing the header', async () => {
    const first = await obtain();
    const second = await obtain();
    const response = await app
      .request()
      .post('/api/token/refresh/')
      .set('Cookie', first.cookie.split(';')[0])
      .send({ refresh: second.refresh })
      .expect(200);
    expect(valueOf(refreshCookieOf(response.headers['set-cookie']) ?? '')).not.toBe(second.refresh);
    // The body's token was used: it is retired now.
    await app.request().post('/api/token/refresh/').send({ refresh: second.refresh }).expect(401);
    // The cookie's own token was not used: it still refreshes.
    await app.request().post('/api/token/refresh/').send({ refresh: first.refresh }).expect(200);
  });

  it('blacklist with the cookie ends the session and clears the cookie', async () => {
    const { refresh, cookie } = await obtain();
    const response = await app
      .request()
      .post('/api/token/blacklist/')
      .set('Cookie', cookie.split(';')[0])
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(200, {});
    const cleared = refreshCookieOf(response.headers['set-cookie']);
    expect(cleared).toMatch(/^refresh_token=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970 00:00:00 GMT|Max-Age=0/);
    expect(cleared).toContain('Path=/api/token');
    await app
      .request()
      .post('/api/token/refresh/')
      .send({ refresh })
      .expect(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });
  });

  it('refuses a token-route request from another Origin with 403 and sets no cookie (login CSRF)', async () => {
    const { cookie, refresh } = await obtain();
    const foreign = 'https://evil.example';
    const login = await app.request().post('/api/token/').set('Origin', foreign).send(ALICE).expect(403, CROSS_SITE);
    expect(refreshCookieOf(login.headers['set-cookie'])).toBeUndefined();
    const rotated = await app
      .request()
      .post('/api/token/refresh/')
      .set('Origin', foreign)
      .set('Cookie', cookie.split(';')[0])
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(403, CROSS_SITE);
    expect(refreshCookieOf(rotated.headers['set-cookie'])).toBeUndefined();
    await app.request().post('/api/token/blacklist/').set('Origin', foreign).send({ refresh }).expect(403, CROSS_SITE);
    await app
      .request()
      .post('/api/token/verify/')
      .set('Origin', 'null')
      .send({ token: refresh })
      .expect(403, CROSS_SITE);
    // Nothing was used up: the session still refreshes.
    await app.request().post('/api/token/refresh/').send({ refresh }).expect(200);
  });

  it('accepts an Origin that is its own address: the request base in development, PUBLIC_URL when set', async () => {
    await app
      .request()
      .post('/api/token/')
      .set('Host', 'localhost:3999')
      .set('Origin', 'http://localhost:3999')
      .send(ALICE)
      .expect(200);
    const response = await pinned
      .request()
      .post('/api/token/')
      .set('Origin', 'https://auth.example.com')
      .send(ALICE)
      .expect(200);
    expect(refreshCookieOf(response.headers['set-cookie'])).toBeDefined();
    // With PUBLIC_URL set, a forged Host does not make a foreign Origin look like ours.
    await pinned
      .request()
      .post('/api/token/')
      .set('Host', 'evil.example')
      .set('Origin', 'http://evil.example')
      .send(ALICE)
      .expect(403, CROSS_SITE);
  });

  it('X-Refresh-Cookie: true turns cookie mode on for that request alone, REFRESH_COOKIE off', async () => {
    const login = await plain.request().post('/api/token/').set('X-Refresh-Cookie', 'true').send(ALICE).expect(200);
    expect(Object.keys(login.body)).toEqual(['access']);
    const cookie = refreshCookieOf(login.headers['set-cookie']);
    expect(cookie?.split(';').map((part) => part.trim())).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/token']),
    );
    const pair = `refresh_token=${valueOf(cookie ?? '')}`;
    await plain
      .request()
      .post('/api/token/refresh/')
      .set('X-Refresh-Cookie', 'true')
      .set('Cookie', pair)
      .expect(403, CSRF);
    await plain
      .request()
      .post('/api/token/')
      .set('X-Refresh-Cookie', 'true')
      .set('Origin', 'https://evil.example')
      .send(ALICE)
      .expect(403, CROSS_SITE);
    const refreshed = await plain
      .request()
      .post('/api/token/refresh/')
      .set('X-Refresh-Cookie', 'true')
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Cookie', pair)
      .expect(200);
    expect(Object.keys(refreshed.body)).toEqual(['access']);
    const next = refreshCookieOf(refreshed.headers['set-cookie']);
    const ended = await plain
      .request()
      .post('/api/token/blacklist/')
      .set('X-Refresh-Cookie', 'true')
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Cookie', `refresh_token=${valueOf(next ?? '')}`)
      .expect(200, {});
    expect(refreshCookieOf(ended.headers['set-cookie'])).toMatch(/^refresh_token=;/);
    // Without the header the same app answers as before: a pair in the body, no cookie, Origin ignored.
    const classic = await plain
      .request()
      .post('/api/token/')
      .set('Origin', 'https://evil.example')
      .send(ALICE)
      .expect(200);
    expect(Object.keys(classic.body).sort()).toEqual(['access', 'refresh']);
    expect(refreshCookieOf(classic.headers['set-cookie'])).toBeUndefined();
  });

  it('without a token in body or cookie, refresh is the usual field error', async () => {
    await app
      .request()
      .post('/api/token/refresh/')
      .send({})
      .expect(400, { refresh: ['This field is required.'] });
  });

  it('is off by default: no cookie is set and cookies are ignored', async () => {
    const response = await plain.request().post('/api/token/').send(ALICE).expect(200);
    expect(refreshCookieOf(response.headers['set-cookie'])).toBeUndefined();
    await plain
      .request()
      .post('/api/token/refresh/')
      .set('Cookie', `refresh_token=${(response.body as { refresh: string }).refresh}`)
      .set('X-Requested-With', 'XMLHttpRequest')
      .expect(400, { refresh: ['This field is required.'] });
  });
});
