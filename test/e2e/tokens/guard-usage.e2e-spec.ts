import { ALICE, createUser } from '../../factories/users.factory';
import { MessagesModule } from '../../example/messages.module';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp } from '../../support/test-app';
import { decode, Pair } from '../../support/tokens';
import { PASSWORD } from '../../support/contract';

const DENIED = { detail: 'You do not have permission to perform this action.', code: 'permission_denied' };
const NO_CREDENTIALS = { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };

describe.each(databaseTargets())('another module guarding its routes, on $name', (target) => {
  let app: TestApp;
  let drop: () => Promise<void>;
  let reader: Pair;
  let staff: Pair;
  let plain: Pair;

  beforeAll(async () => {
    const db = await target.create();
    drop = db.drop;
    app = await createTestApp(db.url, {}, [MessagesModule]);
    await createUser(app, { ...ALICE, scopes: ['read:messages', 'write:messages'] });
    await createUser(app, { username: 'root-admin', isStaff: true });
    await createUser(app, { username: 'plain' });
    reader = await app.api.loginAs(ALICE);
    staff = await app.api.loginAs({ username: 'root-admin', password: PASSWORD });
    plain = await app.api.loginAs({ username: 'plain', password: PASSWORD });
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const get = (path: string, pair?: Pair) => {
    const request = app.request().get(path);
    return pair ? request.set('Authorization', `Bearer ${pair.access}`) : request;
  };

  it('leaves @Public() routes open, even to a garbage token', async () => {
    await get('/api/messages/motd').expect(200, { text: 'hello, anyone' });
    await app.request().get('/api/messages/motd').set('Authorization', 'Bearer garbage').expect(200);
  });

  it('denies by default: no token is 401 with WWW-Authenticate', async () => {
    const response = await get('/api/messages').expect(401, NO_CREDENTIALS);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('@Scopes: a caller with the scope passes, one without gets 403', async () => {
    await get('/api/messages', reader).expect(200, { owner: 'alice', tenant: 'public', messages: ['first'] });
    await get('/api/messages', plain).expect(403, DENIED);
  });

  it('TOKEN_CLAIMS: a provider in another module adds claims but cannot replace ours', async () => {
    const claims = decode(reader.access);
    expect(claims.tenant).toBe('public');
    expect(claims.is_staff).toBe(false);
    const refreshed = await app.request().post('/api/token/refresh/').send({ refresh: reader.refresh }).expect(200);
    expect(decode((refreshed.body as Pair).access).tenant).toBe('public');
    expect(decode((refreshed.body as Pair).refresh).tenant).toBeUndefined();
    reader = refreshed.body as Pair;
  });

  it('@StaffOnly: staff passes, others get 403', async () => {
    const admin = await app.request().post('/api/messages/broadcast').set('Authorization', `Bearer ${staff.access}`);
    expect(admin.status).toBe(201);
    expect(admin.body).toEqual({ sent_by: expect.any(Number) });
    await app
      .request()
      .post('/api/messages/broadcast')
      .set('Authorization', `Bearer ${reader.access}`)
      .expect(403, DENIED);
  });

  it('works per route with @UseGuards(JwtAuthGuard, ScopesGuard, StaffGuard)', async () => {
    await get('/api/per-route', reader).expect(200);
    await get('/api/per-route', plain).expect(403, DENIED);
    await get('/api/per-route').expect(401, NO_CREDENTIALS);
  });

  it('keeps serving guarded routes from the token alone while the database is gone', async () => {
    const db = await target.create();
    const isolated = await createTestApp(db.url, {}, [MessagesModule]);
    await createUser(isolated, { ...ALICE, scopes: ['read:messages'] });
    const pair = await isolated.api.loginAs(ALICE);
    await isolated.dataSource.destroy();
    try {
      await isolated
        .request()
        .get('/api/me')
        .set('Authorization', `Bearer ${pair.access}`)
        .expect(200, { id: 1, username: 'alice', is_staff: false, scopes: ['read:messages'] });
      await isolated.request().get('/api/messages').set('Authorization', `Bearer ${pair.access}`).expect(200);
    } finally {
      await isolated.close();
      await db.drop();
    }
  });
});
