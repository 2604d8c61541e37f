import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp, useTestApp } from '../../support/test-app';
import { Pair } from '../../support/tokens';
import { sleep } from '../../support/sleep';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the app writes to standard output while `run` runs, kept from the real stdout. */
async function captureStdout(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const capture = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.stdout.write = capture;
  try {
    await run();
    // pino writes the access line when the response has finished, possibly after supertest resolved.
    await sleep(50);
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

function lines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// Logging does not depend on the database: SQLite is enough.
describe('structured logs', () => {
  let quiet: TestApp;
  // Declared before useTestApp because afterAll hooks run in declaration order: it must run before
  // the app is closed, and the database must outlive `quiet`.
  afterAll(async () => {
    // The second test routed Nest's static logger through pino at info: quiet it before closing.
    Logger.overrideLogger(false);
    await quiet?.close();
  });
  const app = useTestApp(databaseTargets()[0], { LOG_LEVEL: 'info' });
  beforeAll(async () => {
    quiet = await createTestApp(app.url, { DB_MIGRATE_ON_START: 'false' });
    await createUser(app, ALICE);
  });

  it('never contain a password or a token, and every request line has its request id', async () => {
    const wrongPassword = 'not-the-password-of-alice';
    const tokens: string[] = [];
    const output = await captureStdout(async () => {
      const pair = await app.api.loginAs(ALICE);
      const rotated = (await app.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(200))
        .body as Pair;
      await app.request().post('/api/token/').send({ username: ALICE.username, password: wrongPassword }).expect(401);
      await app.request().post('/api/token/').type('form').send({ username: ALICE.username, password: wrongPassword });
      await app.request().get('/api/me').set('Authorization', `Bearer ${rotated.access}`).expect(200);
      await app.request().post('/api/token/verify/').send({ token: rotated.access }).expect(200);
      await app.request().get('/api/me').set('Cookie', `refresh_token=${rotated.refresh}`).expect(401);
      // A client that puts a token in the query string: the logged URL has no query.
      await app.request().get(`/api/me?token=${rotated.refresh}`).expect(401);
      await app.request().post('/api/token/blacklist/').send({ refresh: rotated.refresh }).expect(200);
      tokens.push(pair.access, pair.refresh, rotated.access, rotated.refresh);
    });

    for (const secret of [ALICE.password, wrongPassword, ...tokens]) expect(output).not.toContain(secret);
    // Not even a token's signature, which is what would make a leaked fragment usable.
    for (const token of tokens) expect(output).not.toContain(token.split('.')[2]);

    const all = lines(output);
    const requests = all.filter((line) => line.req !== undefined);
    expect(requests).toHaveLength(9);
    for (const line of requests) {
      const req = line.req as { id: string; headers: Record<string, string> };
      expect(line.reqId).toMatch(UUID);
      expect(req.id).toBe(line.reqId);
      if (req.headers.authorization !== undefined) expect(req.headers.authorization).toBe('[Redacted]');
      if (req.headers.cookie !== undefined) expect(req.headers.cookie).toBe('[Redacted]');
    }
    const headers = requests.map((line) => (line.req as { headers: Record<string, string> }).headers);
    expect(headers.filter((h) => h.authorization === '[Redacted]')).toHaveLength(1);
    expect(headers.filter((h) => h.cookie === '[Redacted]')).toHaveLength(1);
    expect(new Set(requests.map((line) => line.reqId)).size).toBe(requests.length);
    expect(requests.map((line) => (line.req as { url: string }).url)).toContain('/api/me');
    expect(requests.filter((line) => (line.req as { url: string }).url.includes('?'))).toEqual([]);
    expect(all.every((line) => typeof line.time === 'string' && typeof line.level === 'number')).toBe(true);
  });

  it("routes Nest's own logger through pino as JSON", async () => {
    const output = await captureStdout(() => {
      app.app.useLogger(app.app.get(PinoLogger));
      new Logger('LoggingTest').warn('a line from a Nest logger');
      return Promise.resolve();
    });
    expect(lines(output)).toEqual([
      expect.objectContaining({ level: 40, context: 'LoggingTest', msg: 'a line from a Nest logger' }),
    ]);
  });

  it('writes nothing at LOG_LEVEL=silent, the test default', async () => {
    const output = await captureStdout(async () => {
      await quiet.api.loginAs(ALICE);
      await quiet.request().get('/no/such/route').expect(404);
    });
    expect(output).toBe('');
  });
});
