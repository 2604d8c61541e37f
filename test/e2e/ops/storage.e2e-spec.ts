import { ENTITIES } from '../../../src/database/data-source-options';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';

describe.each(databaseTargets())('what the database stores on $name', (target) => {
  const app = useTestApp(target, {}, (app) => createUser(app, ALICE));

  it('holds no token, no token signature and no password after a login, a refresh and a logout', async () => {
    const first = await app.api.loginAs(ALICE);
    const second = (await app.request().post('/api/token/refresh/').send({ refresh: first.refresh }).expect(200))
      .body as { access: string; refresh: string };
    const third = await app.api.loginAs(ALICE);
    await app.request().post('/api/token/blacklist/').send({ refresh: third.refresh }).expect(200);
    await app.request().post('/api/token/').send({ username: ALICE.username, password: 'wrong-password' }).expect(401);

    const secrets = [first, second, third].flatMap((pair) => [pair.access, pair.refresh]);
    const needles = [...secrets, ...secrets.map((token) => token.split('.')[2]), ALICE.password, 'wrong-password'];

    let cells = 0;
    for (const entity of ENTITIES) {
      const table = app.dataSource.getMetadata(entity).tableName;
      const rows: Record<string, unknown>[] = await app.dataSource.query(`SELECT * FROM ${table}`);
      for (const row of rows) {
        for (const value of Object.values(row)) {
          cells++;
          const text = value instanceof Date ? value.toISOString() : String(value);
          for (const needle of needles) expect(text.includes(needle)).toBe(false);
        }
      }
    }
    expect(cells).toBeGreaterThan(50);
  });
});
