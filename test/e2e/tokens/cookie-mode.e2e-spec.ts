import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp, useTestApp } from '../../support/test-app';

function refreshCookieOf(setCookie: string[] | string | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all.find((cookie) => cookie.startsWith('refresh_token='));
}

function valueOf(cookie: string): string {
  return cookie.split(';')[0].slice('refresh_token='.length);
}

const CSRF = { detail: 'CSRF check failed: X-Requested-With header missing.', code: 'csrf_failed' };

describe.each(databaseTargets())('refresh token in an HttpOnly cookie on $name', (target) => {
  let plain: TestApp;
  // Declared before useTestApp because afterAll hooks run in declaration order: the database must outlive `plain`.
  afterAll(async () => {
    await plain?.close();
  });
  const app = useTestApp(target, { REFRESH_COOKIE: 'true' });
  beforeAll(async () => {
    plain = await createTestApp(app.url, { DB_MIGRATE_ON_START: 'false' });
    await createUser(app, ALICE);
  });

  const obtain = async () => {
    const response = await app.request().post('/api/token/').send(ALICE).expect(200);
    const cookie = refreshCookieOf(response.headers['set-cookie']);
    if (!cookie) throw new Error('no refresh_token cookie');
    return { body: response.body as { access: string; refresh: string }, cookie };
  };

  it('login sets the cookie HttpOnly, Secure, SameSite=Strict, scoped to /api/token', async () => {
    const { body, cookie } = await obtain();
    expect(valueOf(cookie)).toBe(body.refresh);
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
    expect(next && valueOf(next)).toBe(response.body.refresh);
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
      .send({ refresh: second.body.refresh })
      .expect(200);
    expect(response.body.refresh).not.toBe(second.body.refresh);
    // The cookie's own token was not used: it still refreshes.
    await app.request().post('/api/token/refresh/').send({ refresh: first.body.refresh }).expect(200);
  });

  it('blacklist with the cookie ends the session and clears the cookie', async () => {
    const { body, cookie } = await obtain();
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
      .send({ refresh: body.refresh })
      .expect(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });
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
