import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { buildOnce, Running, startNode } from '../../support/processes';
import { createTestApp } from '../../support/test-app';
import { sleep } from '../../support/sleep';

/** bcrypt at cost 14 takes most of a second: a login that is surely in flight when SIGTERM comes. */
const SLOW_ROUNDS = '14';
/** Far below Fastify's keepAliveTimeout (72 s), which an idle keep-alive socket would wait for. */
const EXIT_WITHIN_MS = 15000;

interface Answer {
  status: number;
  body: string;
}

function call(port: number, agent: Agent, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
    const sent = request({ host: '127.0.0.1', port, method, path, agent, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** Resolves with the error code of a new TCP connection, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe.each(databaseTargets())('graceful shutdown on $name', (target) => {
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    buildOnce();
    const db = await target.create();
    url = db.url;
    drop = db.drop;
    const setup = await createTestApp(url, { BCRYPT_ROUNDS: SLOW_ROUNDS });
    try {
      await createUser(setup, ALICE);
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    await drop?.();
  });

  it('closes the pool when the application closes (what SIGTERM runs)', async () => {
    const app = await createTestApp(url, { DB_MIGRATE_ON_START: 'false' });
    const dataSource = app.get(DataSource);
    await app.request().get('/health/ready').expect(200);
    expect(dataSource.isInitialized).toBe(true);
    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('on SIGTERM finishes the login in flight, refuses new connections and exits 0', async () => {
    const server: Running = startNode('dist/src/main.js', {
      DATABASE_URL: url,
      DB_MIGRATE_ON_START: 'false',
      BCRYPT_ROUNDS: SLOW_ROUNDS,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = Number((await server.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
      // One kept-alive connection, opened before the signal: the login travels on it.
      expect((await call(port, agent, 'GET', '/health/live')).status).toBe(200);

      let answeredAt = 0;
      const login = call(port, agent, 'POST', '/api/token/', JSON.stringify(ALICE)).then((answer) => {
        answeredAt = Date.now();
        return answer;
      });
      await sleep(200);
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await server.waitFor(/closing: no new connections/);
      // The listener closes right after that line: poll briefly for the refusal.
      let refusedAt = 0;
      while (refusedAt === 0 && Date.now() - signalled < 5000) {
        if ((await tryConnect(port)) === 'ECONNREFUSED') refusedAt = Date.now();
      }
      expect(refusedAt).toBeGreaterThan(0);

      const answer = await login;
      expect(answer.status).toBe(200);
      expect(Object.keys(JSON.parse(answer.body) as object).sort()).toEqual(['access', 'refresh']);
      // Not accepting any more while the login was still being answered.
      expect(refusedAt).toBeLessThan(answeredAt);

      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        server.exited,
        new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), EXIT_WITHIN_MS))),
      ]);
      clearTimeout(timer);
      expect(exit).toEqual({ code: 0, signal: null });
      process.stdout.write(`${target.name}: exited ${Date.now() - signalled} ms after SIGTERM\n`);
      // The login was answered by the process, after the signal: it was in flight, not refused.
      expect(server.output()).toMatch(/"url":"\/api\/token\/".*"statusCode":200/);
    } finally {
      agent.destroy();
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    }
  });
});
