import { databaseTargets } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';
import { ALICE, createUser } from './factories/users.factory';
import { login } from './helpers/tokens';

describe.each(databaseTargets())('smoke on $name', (target) => {
  let app: TestApp;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await target.create();
    drop = db.drop;
    app = await createTestApp(db.url);
    await createUser(app, ALICE);
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });
  it('logs in', async () => {
    const pair = await login(app.request, ALICE.username, ALICE.password);
    await app.request().get('/api/me').set('Authorization', `Bearer ${pair.access}`).expect(200);
    await app.request().get('/health/live').expect(200);
    await app.request().get('/health/ready').expect(200);
  });
});
