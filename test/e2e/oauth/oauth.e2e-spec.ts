import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';
import { PASSWORD } from '../../support/contract';

describe.each(databaseTargets())('OAuth 2.0 endpoints on $name', (target) => {
  let staff: Pair;
  const app = useTestApp(target, { JWT_ISSUER: 'https://auth.example.test' }, async (app) => {
    await createUser(app, { ...ALICE, scopes: ['read:messages', 'write:messages'] });
    await createUser(app, { username: 'admin', isStaff: true });
    staff = await app.api.loginAs({ username: 'admin', password: PASSWORD });
  });

  const form = (path: string, fields: Record<string, string>) =>
    app.request().post(path).type('form').send(new URLSearchParams(fields).toString());
  const grant = (fields: Record<string, string>) => form('/oauth/token', fields);
  const refreshGrant = (refresh: string, fields: Record<string, string> = {}) =>
    grant({ grant_type: 'refresh_token', refresh_token: refresh, ...fields });
  const introspect = (token: string) =>
    form('/oauth/introspect', { token }).set('Authorization', `Bearer ${staff.access}`);

  describe('POST /oauth/token', () => {
    it('exchanges a refresh token with the same rotation as /api/token/refresh/', async () => {
      const pair = await app.api.loginAs(ALICE);
      const response = await refreshGrant(pair.refresh, { client_id: 'spa' }).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      expect(response.body).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        token_type: 'Bearer',
        expires_in: 300,
        refresh_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        scope: 'read:messages write:messages',
      });
      expect(decode(response.body.refresh_token).sid).toBe(decode(pair.refresh).sid);
      // The exchanged token is retired: presenting it again is reuse.
      await refreshGrant(pair.refresh).expect(400, {
        error: 'invalid_grant',
        error_description: 'Token is blacklisted',
      });
    });

    it('narrows scope on request and refuses to widen it', async () => {
      const pair = await app.api.loginAs(ALICE);
      const narrowed = await refreshGrant(pair.refresh, { scope: 'read:messages' });
      expect(narrowed.status).toBe(200);
      expect(narrowed.body.scope).toBe('read:messages');
      expect(decode(narrowed.body.access_token).scope).toBe('read:messages');

      await refreshGrant(narrowed.body.refresh_token, { scope: 'read:messages admin' }).expect(400, {
        error: 'invalid_scope',
        error_description: 'Scope not granted: admin',
      });
    });

    it.each([
      [{}, { error: 'invalid_request', error_description: 'Missing required parameter: grant_type' }],
      [
        { grant_type: 'refresh_token' },
        { error: 'invalid_request', error_description: 'Missing required parameter: refresh_token' },
      ],
      [
        { grant_type: 'password', username: 'alice', password: PASSWORD },
        {
          error: 'unsupported_grant_type',
          error_description: 'Grant type "password" is not supported; use refresh_token.',
        },
      ],
      [
        { grant_type: 'authorization_code', code: 'x' },
        {
          error: 'unsupported_grant_type',
          error_description: 'Grant type "authorization_code" is not supported; use refresh_token.',
        },
      ],
      [
        { grant_type: 'refresh_token', refresh_token: 'garbage' },
        { error: 'invalid_grant', error_description: 'Token is invalid or expired' },
      ],
    ])('%j -> 400 %j', async (fields, body) => {
      const response = await grant(fields).expect(400, body);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('refuses a parameter sent twice and an access token as grant', async () => {
      const pair = await app.api.loginAs(ALICE);
      await app
        .request()
        .post('/oauth/token')
        .type('form')
        .send(`grant_type=refresh_token&refresh_token=${pair.refresh}&refresh_token=${pair.refresh}`)
        .expect(400, {
          error: 'invalid_request',
          error_description: 'Parameter included more than once: refresh_token',
        });
      await refreshGrant(pair.access).expect(400, {
        error: 'invalid_grant',
        error_description: 'Token has wrong type',
      });
    });

    it('answers an inactive user with invalid_grant', async () => {
      await createUser(app, { username: 'oauth-inactive-later' });
      const pair = await app.api.loginAs({ username: 'oauth-inactive-later', password: PASSWORD });
      const user = (
        await app
          .request()
          .get('/api/admin/users?search=oauth-inactive-later')
          .set('Authorization', `Bearer ${staff.access}`)
      ).body.results[0] as { id: number };
      await app
        .request()
        .patch(`/api/admin/users/${user.id}`)
        .set('Authorization', `Bearer ${staff.access}`)
        .send({ is_active: false })
        .expect(200);
      await refreshGrant(pair.refresh).expect(400, {
        error: 'invalid_grant',
        error_description: 'No active account found for the given token.',
      });
    });
  });

  describe('POST /oauth/revoke (RFC 7009)', () => {
    it('ends the session of a refresh token; 200 with an empty body', async () => {
      const pair = await app.api.loginAs(ALICE);
      const response = await form('/oauth/revoke', { token: pair.refresh, token_type_hint: 'refresh_token' }).expect(
        200,
      );
      expect(response.text).toBe('');
      await refreshGrant(pair.refresh).expect(400);
      await app.request().get('/api/me').set('Authorization', `Bearer ${pair.access}`).expect(401);
    });

    it('ends the session of an access token too', async () => {
      const pair = await app.api.loginAs(ALICE);
      await form('/oauth/revoke', { token: pair.access }).expect(200);
      await app.request().get('/api/me').set('Authorization', `Bearer ${pair.access}`).expect(401);
    });

    it('answers 200 for unknown tokens and 400 invalid_request without a token', async () => {
      await form('/oauth/revoke', { token: 'not-a-token' }).expect(200);
      await form('/oauth/revoke', {}).expect(400, {
        error: 'invalid_request',
        error_description: 'Missing required parameter: token',
      });
    });
  });

  describe('POST /oauth/introspect (RFC 7662)', () => {
    it('describes an active access token with its claims', async () => {
      const pair = await app.api.loginAs(ALICE);
      const response = await introspect(pair.access).expect(200);
      expect(response.body).toEqual({ active: true, username: 'alice', ...decode(pair.access) });
      expect(response.body.iss).toBe('https://auth.example.test');
    });

    it('says {"active": false} for rotated, revoked, foreign and garbage tokens', async () => {
      const pair = await app.api.loginAs(ALICE);
      await introspect(pair.refresh).expect(200, { active: true, username: 'alice', ...decode(pair.refresh) });
      const rotated = await refreshGrant(pair.refresh).expect(200);
      await introspect(pair.refresh).expect(200, { active: false });

      await form('/oauth/revoke', { token: rotated.body.refresh_token }).expect(200);
      await introspect(rotated.body.refresh_token).expect(200, { active: false });
      await introspect(rotated.body.access_token).expect(200, { active: false });
      await introspect('garbage').expect(200, { active: false });
    });

    it('needs a staff bearer token: none is 401, non-staff 403, no token parameter 400', async () => {
      const pair = await app.api.loginAs(ALICE);
      await form('/oauth/introspect', { token: pair.access }).expect(401, {
        detail: 'Authentication credentials were not provided.',
        code: 'not_authenticated',
      });
      await form('/oauth/introspect', { token: pair.access })
        .set('Authorization', `Bearer ${pair.access}`)
        .expect(403, { detail: 'You do not have permission to perform this action.', code: 'permission_denied' });
      await form('/oauth/introspect', {})
        .set('Authorization', `Bearer ${staff.access}`)
        .expect(400, { error: 'invalid_request', error_description: 'Missing required parameter: token' });
    });
  });

  it('GET /.well-known/oauth-authorization-server describes the endpoints (RFC 8414)', async () => {
    const response = await app.request().get('/.well-known/oauth-authorization-server').expect(200);
    const base = String(response.body.token_endpoint).replace(/\/oauth\/token$/, '');
    expect(response.body).toEqual({
      issuer: 'https://auth.example.test',
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      introspection_endpoint: `${base}/oauth/introspect`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: ['refresh_token'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      introspection_endpoint_auth_methods_supported: ['bearer'],
    });
  });

  it('serves no OpenID Connect discovery: there are no id_token and no userinfo to announce', async () => {
    await app
      .request()
      .get('/.well-known/openid-configuration')
      .expect(404, { detail: 'Not found.', code: 'not_found' });
  });
});
