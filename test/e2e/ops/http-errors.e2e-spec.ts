import * as bcrypt from 'bcrypt';
import { User } from '../../../src/users/user.entity';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { createTestApp, useTestApp } from '../../support/test-app';
import { PASSWORD } from '../../support/contract';

describe.each(databaseTargets())('HTTP errors are JSON with a stable code, on $name', (target) => {
  const app = useTestApp(target, {}, (app) => createUser(app, ALICE));

  it('413 for a body over the limit, and nothing is lost: the next login works', async () => {
    const response = await app
      .request()
      .post('/api/token/')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'alice', password: 'x'.repeat(200_000) }))
      .expect(413);
    expect(response.body).toEqual({ detail: 'Request body is too large.', code: 'payload_too_large' });
    await app.api.loginAs(ALICE);
  });

  it('405 with Allow for a known path, before authentication', async () => {
    const response = await app.request().delete('/api/me').expect(405);
    expect(response.body).toEqual({ detail: 'Method "DELETE" not allowed.', code: 'method_not_allowed' });
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
    const refresh = await app.request().put('/api/token/refresh').expect(405);
    expect(refresh.headers.allow).toBe('POST, OPTIONS');
  });

  it('404 JSON for unknown paths, with or without credentials', async () => {
    await app.request().get('/').expect(404, { detail: 'Not found.', code: 'not_found' });
    await app.request().post('/api/token/nope').expect(404, { detail: 'Not found.', code: 'not_found' });
    await app.request().get('/api/nope').set('Authorization', 'Bearer garbage').expect(404);
  });

  it('415 names the media type', async () => {
    await app
      .request()
      .post('/api/token/')
      .set('Content-Type', 'application/xml')
      .send('<username>alice</username>')
      .expect(415, { detail: 'Unsupported media type "application/xml" in request.', code: 'unsupported_media_type' });
  });

  it('400 parse_error for an empty JSON body', async () => {
    const response = await app.request().post('/api/token/').set('Content-Type', 'application/json').send('');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('parse_error');
    expect(response.body.detail).toMatch(/^JSON parse error - /);
  });

  it.each([
    ['true', 'bool'],
    ['"alice"', 'str'],
    ['12', 'int'],
    ['null', 'NoneType'],
  ])('400 non_field_errors for a JSON %s body', async (body, type) => {
    await app
      .request()
      .post('/api/token/refresh/')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`] });
  });

  it('refuses a prototype-polluting body without a 500', async () => {
    const response = await app
      .request()
      .post('/api/token/')
      .set('Content-Type', 'application/json')
      .send('{"username":"alice","password":"x","__proto__":{"isStaff":true}}');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('parse_error');
  });

  it('re-hashes a password at the new cost on the next successful login', async () => {
    const user = await createUser(app, { username: 'rehash-me' });
    expect(bcrypt.getRounds(user.passwordHash)).toBe(4);
    const costlier = await createTestApp(app.url, { BCRYPT_ROUNDS: '5', DB_MIGRATE_ON_START: 'false' });
    try {
      await costlier
        .request()
        .post('/api/token/')
        .send({ username: 'rehash-me', password: 'wrong-password' })
        .expect(401);
      const unchanged = await costlier.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
      expect(bcrypt.getRounds(unchanged.passwordHash)).toBe(4);
      await costlier.api.loginAs({ username: 'rehash-me', password: PASSWORD });
      const stored = await costlier.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
      expect(bcrypt.getRounds(stored.passwordHash)).toBe(5);
      await costlier.api.loginAs({ username: 'rehash-me', password: PASSWORD });
    } finally {
      await costlier.close();
    }
  });
});
