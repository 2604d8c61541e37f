import type { Response, Test } from 'supertest';
import { createUser } from '../../factories/users.factory';
import { PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { TcpProxy } from '../../support/tcp-proxy';
import { createTestApp, TestApp } from '../../support/test-app';
import { Pair } from '../../support/tokens';
import { sleep } from '../../support/sleep';

const MYSQL_TARGETS = databaseTargets().filter((target) => target.name === 'mysql');
const UNAVAILABLE = { detail: 'Service temporarily unavailable.', code: 'service_unavailable' };
const ANSWER_WITHIN_MS = 10_000;

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await sleep(250);
  }
  throw new Error(`not recovered within ${withinMs} ms`);
}

describe('database outage', () => {
  it('is exercised on MariaDB through a TCP proxy whenever TEST_MYSQL_URL is set', () => {
    // SQLite is a file inside the process: it has no connection to lose.
    expect(MYSQL_TARGETS).toHaveLength(process.env.TEST_MYSQL_URL ? 1 : 0);
  });

  for (const target of MYSQL_TARGETS) {
    describe(`on ${target.name} behind a TCP proxy`, () => {
      let app: TestApp;
      let proxy: TcpProxy;
      let drop: () => Promise<void>;

      beforeAll(async () => {
        const db = await target.create();
        drop = db.drop;
        const url = new URL(db.url);
        proxy = await TcpProxy.start(url.hostname, Number(url.port || 3306));
        url.port = String(proxy.port);
        app = await createTestApp(url.toString(), { DB_CONNECT_TIMEOUT: '5s' });
        for (let i = 0; i < 12; i++) await createUser(app, { username: `user-${i}`, password: PASSWORD });
      });

      afterAll(async () => {
        await proxy?.restore();
        await app?.close();
        await proxy?.close();
        await drop?.();
      });

      describe.each(['refuse', 'blackhole'] as const)('cut by %s', (mode) => {
        it('answers 503 within 10 s where the database is needed, serves guarded routes, and recovers', async () => {
          const before: Pair = await app.api.loginAs({ username: 'user-0', password: PASSWORD });
          await proxy.cut(mode);

          const started = Date.now();
          const timed = async (test: Test) => {
            const response: Response = await test;
            return { response, ms: Date.now() - started };
          };
          // More logins than the pool has connections: the queue is bounded too.
          const needsDatabase = [
            ...Array.from({ length: 12 }, (_, i) =>
              app
                .request()
                .post('/api/token/')
                .send({ username: `user-${i}`, password: PASSWORD }),
            ),
            app.request().post('/api/token/refresh/').send({ refresh: before.refresh }),
            app.request().post('/api/token/verify/').send({ token: before.refresh }),
          ];
          const stateless = [
            app.request().get('/api/me').set('Authorization', `Bearer ${before.access}`),
            app.request().post('/api/token/verify/').send({ token: before.access }),
            app.request().get('/health/live'),
          ];
          const [outcomes, guarded, ready] = await Promise.all([
            Promise.all(needsDatabase.map(timed)),
            Promise.all(stateless.map(timed)),
            timed(app.request().get('/health/ready')),
          ]);

          for (const { response, ms } of outcomes) {
            expect({ status: response.status, body: response.body as unknown }).toEqual({
              status: 503,
              body: UNAVAILABLE,
            });
            expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
          }
          for (const { response, ms } of guarded) {
            expect(response.status).toBe(200);
            expect(ms).toBeLessThan(5000);
          }
          expect(ready.response.status).toBe(503);
          expect(ready.response.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
          expect(ready.ms).toBeLessThan(ANSWER_WITHIN_MS);

          await proxy.restore();
          const recoveredMs = await eventually(
            async () =>
              (await app.request().post('/api/token/').send({ username: 'user-1', password: PASSWORD })).status === 200,
            15_000,
          );
          process.stdout.write(
            `\ndatabase cut by ${mode}: slowest 503 after ${Math.max(...outcomes.map((o) => o.ms))} ms, recovered ${recoveredMs} ms after restore\n`,
          );
          await app.request().get('/health/ready').expect(200);
          await app.request().post('/api/token/refresh/').send({ refresh: before.refresh }).expect(200);
        });
      });
    });
  }
});
