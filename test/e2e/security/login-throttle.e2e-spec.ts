import { randomBytes } from 'node:crypto';
import { createUser } from '../../factories/users.factory';
import { PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp } from '../../support/test-app';

const LIMIT = 5;
/** The machine's Redis (every machine of this project runs one); TEST_REDIS_URL overrides it. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh client address per test: counts never leak between tests, runs or instances. */
function randomIp(): string {
  return `10.${[...randomBytes(3)].join('.')}`;
}

const STORAGES: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'memory', env: {} },
  { name: 'Redis', env: { REDIS_URL } },
  { name: 'an unreachable Redis (memory fallback)', env: { REDIS_URL: 'redis://127.0.0.1:1' } },
];

describe.each(databaseTargets())('per-IP login throttling on $name', (target) => {
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await target.create();
    url = db.url;
    drop = db.drop;
    const first = await createTestApp(url);
    await createUser(first, { username: 'alice' });
    await first.close();
  });

  afterAll(async () => {
    await drop?.();
  });

  describe.each(STORAGES)('with $name', ({ env }) => {
    const apps: TestApp[] = [];

    beforeAll(async () => {
      const settings = { ...env, LOGIN_IP_MAX_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'true', SLIDING_TOKENS: 'true' };
      apps.push(await createTestApp(url, { ...settings, DB_MIGRATE_ON_START: 'false' }));
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
    });

    const login = (ip: string, password = PASSWORD, app = apps[0], path = '/api/token/') =>
      app.request().post(path).set('X-Forwarded-For', ip).send({ username: 'alice', password });

    it(`answers the login after ${LIMIT} per minute from one IP with 429 and Retry-After`, async () => {
      const ip = randomIp();
      for (let i = 0; i < LIMIT; i++)
        await login(ip, i % 2 ? 'wrong-password' : PASSWORD, apps[0], i % 2 ? '/api/token' : '/api/token/');
      const response = await login(ip).expect(429);
      const seconds = Number(response.headers['retry-after']);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(response.body).toEqual({
        detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
        code: 'throttled',
      });
      expect(response.headers).not.toHaveProperty('x-ratelimit-limit');
    });

    it('leaves other clients and the other token routes alone', async () => {
      const ip = randomIp();
      for (let i = 0; i < LIMIT; i++) await login(ip).expect(200);
      await login(ip).expect(429);
      await login(randomIp()).expect(200);
      // Refresh and verify check no password: the IP budget does not apply to them.
      await apps[0].request().post('/api/token/refresh/').set('X-Forwarded-For', ip).send({}).expect(400);
      await apps[0].request().post('/api/token/verify/').set('X-Forwarded-For', ip).send({ token: 'x' }).expect(401);
    });

    it('counts /api/token/ and /api/token/sliding/ against one budget', async () => {
      const ip = randomIp();
      for (let i = 0; i < LIMIT; i++)
        await login(ip, PASSWORD, apps[0], i % 2 ? '/api/token/sliding/' : '/api/token/').expect(200);
      await login(ip, PASSWORD, apps[0], '/api/token/sliding/').expect(429);
      await login(ip, PASSWORD, apps[0], '/api/token/').expect(429);
    });

    it('keeps answering JSON, never 5xx, under a burst of 40 parallel logins', async () => {
      const ip = randomIp();
      const statuses = (await Promise.all(Array.from({ length: 40 }, () => login(ip)))).map((r) => r.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(40 - LIMIT);
    });
  });

  it('shares the count between instances through Redis', async () => {
    const apps = [
      await createTestApp(url, {
        REDIS_URL,
        LOGIN_IP_MAX_PER_MINUTE: String(LIMIT),
        TRUST_PROXY: 'true',
        DB_MIGRATE_ON_START: 'false',
      }),
      await createTestApp(url, {
        REDIS_URL,
        LOGIN_IP_MAX_PER_MINUTE: String(LIMIT),
        TRUST_PROXY: 'true',
        DB_MIGRATE_ON_START: 'false',
      }),
    ];
    try {
      const ip = randomIp();
      for (let i = 0; i < LIMIT; i++) {
        await apps[i % 2]
          .request()
          .post('/api/token/')
          .set('X-Forwarded-For', ip)
          .send({ username: 'alice', password: PASSWORD })
          .expect(200);
      }
      for (const app of apps) {
        await app
          .request()
          .post('/api/token/')
          .set('X-Forwarded-For', ip)
          .send({ username: 'alice', password: PASSWORD })
          .expect(429);
      }
    } finally {
      for (const app of apps) await app.close();
    }
  });
});
