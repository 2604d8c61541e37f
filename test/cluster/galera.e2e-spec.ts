import { createConnection } from 'mysql2/promise';
import supertest from 'supertest';
import { Session } from '../../src/sessions/session.entity';
import { ALICE, createUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../support/test-app';
import { decode, Pair } from '../support/tokens';
import { GaleraCluster } from './galera';

/**
 * The service on a 3-node MariaDB Galera cluster, one instance per node: conflicts between
 * nodes, replication lag, a node cut off from the group and a node killed mid-load. Runs when
 * galera-4 is installed (jest.config.js leaves it out otherwise, and says so).
 */
const DATABASE = 'token_service_cluster';
const STALENESS_MS = 3000;
/** Above Galera's failover pause (evs.suspect_timeout 5 s plus the view change). */
const CLUSTER_ENV = {
  DB_STATEMENT_TIMEOUT: '15s',
  REVOCATION_SYNC_INTERVAL: '1s',
  REVOCATION_MAX_STALENESS: `${STALENESS_MS / 1000}s`,
  REVOCATION_FAIL_CLOSED: 'true',
  REFRESH_REUSE_GRACE: '0s',
  DB_MIGRATE_ON_START: 'false',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const report = (line: string): void => void process.stdout.write(`galera: ${line}\n`);

jest.setTimeout(300_000);

describe('the service on a 3-node Galera cluster, one instance per node', () => {
  let cluster: GaleraCluster;
  const apps: TestApp[] = [];
  const extra: TestApp[] = [];

  beforeAll(async () => {
    cluster = await GaleraCluster.start(3);
    await cluster.query(0, `CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    // The first instance migrates; the schema reaches the other nodes by replication.
    apps.push(await createTestApp(cluster.nodes[0].url(DATABASE), { ...CLUSTER_ENV, DB_MIGRATE_ON_START: 'true' }));
    for (const node of cluster.nodes.slice(1)) apps.push(await createTestApp(node.url(DATABASE), CLUSTER_ENV));
    await createUser(apps[0], ALICE);
  }, 360_000);

  afterAll(async () => {
    for (const app of [...extra, ...apps]) await app.close().catch(() => undefined);
    await cluster?.stop();
  });

  const refresh = (app: TestApp, token: string): supertest.Test =>
    app.request().post('/api/token/refresh/').send({ refresh: token });
  const me = (app: TestApp, access: string): supertest.Test =>
    app.request().get('/api/me').set('Authorization', `Bearer ${access}`);
  const sessionRow = (sessionId: string): Promise<Session | null> =>
    apps[0].dataSource.getRepository(Session).findOneBy({ id: sessionId });

  it('30 concurrent refreshes of one token over 3 nodes, grace 0: exactly one 200, the rest 401, no 5xx', async () => {
    for (let round = 0; round < 3; round++) {
      const { refresh: token } = await apps[0].api.loginAs(ALICE);
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => refresh(apps[i % 3], token)));
      const statuses = responses.map((response) => response.status);
      report(`race round ${round}: ${JSON.stringify(countBy(statuses))}`);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 401)).toHaveLength(29);
    }
  });

  it('30 concurrent refreshes of one token over 3 nodes, grace 10s: all 200 with one successor jti', async () => {
    const graceful: TestApp[] = [];
    for (const node of cluster.nodes) {
      const app = await createTestApp(node.url(DATABASE), { ...CLUSTER_ENV, REFRESH_REUSE_GRACE: '10s' });
      extra.push(app);
      graceful.push(app);
    }
    for (let round = 0; round < 3; round++) {
      const { refresh: token } = await graceful[0].api.loginAs(ALICE);
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => refresh(graceful[i % 3], token)));
      const statuses = responses.map((response) => response.status);
      report(`grace round ${round}: ${JSON.stringify(countBy(statuses))}`);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      const successors = new Set(responses.map((response) => decode(response.body.refresh as string).jti));
      expect(successors.size).toBe(1);
    }
  });

  it('a logout through one instance reaches every other instance within 2 s', async () => {
    const pair = await apps[0].api.loginAs(ALICE);
    for (const app of apps) await me(app, pair.access).expect(200);
    await apps[0].request().post('/api/token/blacklist/').send({ refresh: pair.refresh }).expect(200);
    const loggedOut = Date.now();
    const reached = await Promise.all(
      apps.slice(1).map(async (app) => {
        for (;;) {
          const response = await me(app, pair.access);
          if (response.status === 401) return Date.now() - loggedOut;
          expect(response.status).toBe(200);
          if (Date.now() - loggedOut > 5000) return Date.now() - loggedOut;
          await sleep(20);
        }
      }),
    );
    report(`logout reached the other instances after ${reached.join(' ms, ')} ms`);
    for (const elapsed of reached) expect(elapsed).toBeLessThan(2000);
  });

  it('round-robin refreshes while another node takes bulk writes: no spurious 401, no session revoked', async () => {
    const bulk = await createConnection({
      host: '127.0.0.1',
      port: cluster.nodes[2].port,
      user: 'root',
      database: DATABASE,
    });
    await bulk.query('CREATE TABLE bulk_load (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(200))');
    let writing = true;
    const values = Array.from({ length: 2000 }, () => `(REPEAT('x', 200))`).join(',');
    const writer = (async () => {
      while (writing) await bulk.query(`INSERT INTO bulk_load (pad) VALUES ${values}`);
    })();
    const clients = 6;
    const perClient = 40;
    const failures: string[] = [];
    const sessions: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          let pair: Pair = await apps[client % 3].api.loginAs(ALICE);
          sessions.push(decode(pair.refresh).sid as string);
          for (let i = 0; i < perClient; i++) {
            // The next instance, on the next node, than the one that answered last.
            const response = await refresh(apps[(client + i + 1) % 3], pair.refresh);
            if (response.status !== 200) {
              failures.push(`${response.status} ${JSON.stringify(response.body)}`);
              return;
            }
            pair = { access: response.body.access as string, refresh: response.body.refresh as string };
          }
        }),
      );
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await bulk.query('DROP TABLE bulk_load');
      await bulk.end();
    }
    const revoked = (await Promise.all(sessions.map(sessionRow))).filter((row) => row?.revokedAt);
    report(
      `lag: ${clients * perClient} refreshes planned, ${failures.length} failed, ${revoked.length} sessions revoked`,
    );
    expect(failures).toEqual([]);
    expect(revoked).toEqual([]);
  });

  it('an isolated node: its instance answers 503 (not 500), is not ready, and refuses a revoked token within the bound', async () => {
    const cut = apps[1];
    const pair = await apps[0].api.loginAs(ALICE);
    await me(cut, pair.access).expect(200);
    await cluster.isolate(1, true);
    const isolatedAt = Date.now();
    try {
      // Once the others have evicted the node (commits pause until then), log out through them.
      await waitFor(30_000, async () => (await cluster.status(0)).wsrep_cluster_size === '2');
      await apps[0].request().post('/api/token/blacklist/').send({ refresh: pair.refresh }).expect(200);
      // The cut-off instance cannot learn of the logout. It may honour the token until its
      // revocation sync is older than REVOCATION_MAX_STALENESS, never after.
      let honouredAfterBound = 0;
      let firstRefusal = 0;
      for (;;) {
        const response = await me(cut, pair.access);
        const elapsed = Date.now() - isolatedAt;
        if (response.status === 503) {
          expect(response.body).toEqual({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
          firstRefusal ||= elapsed;
          if (elapsed > firstRefusal + 1000) break;
        } else {
          expect(response.status).toBe(200);
          if (elapsed > STALENESS_MS + 2000) honouredAfterBound++;
        }
        if (elapsed > 30_000) break;
        await sleep(100);
      }
      report(`isolated instance: bearer routes 503 after ${firstRefusal} ms (bound ${STALENESS_MS} ms)`);
      expect(firstRefusal).toBeGreaterThan(0);
      expect(honouredAfterBound).toBe(0);

      const refused = await refresh(cut, pair.refresh);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'service_unavailable' });
      const ready = await cut.request().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    } finally {
      await cluster.isolate(1, false);
    }
    const rejoined = Date.now();
    for (;;) {
      const ready = await cut.request().get('/health/ready');
      if (ready.status === 200) break;
      expect(Date.now() - rejoined).toBeLessThan(120_000);
      await sleep(200);
    }
    const recovered = Date.now() - rejoined;
    const after = await me(cut, pair.access).expect(401);
    expect(after.body.messages[0].message).toBe('Token is blacklisted');
    report(`isolated instance ready again ${recovered} ms after the node rejoined, and refuses the revoked token`);
    await cluster.waitAllSynced();
  });

  it('kill -9 of a node mid-load: its clients get 503 JSON, the others keep serving, no honest session revoked', async () => {
    await cluster.waitAllSynced();
    const victim = 2;
    const perInstance = 4;
    let running = true;
    const log = { ok: [0, 0, 0], unavailable: [0, 0, 0], revoked: [] as string[], other: [] as string[] };
    let killedAt = 0;
    let firstVictim503 = 0;
    let victimRecoveredAt = 0;
    const client = async (instance: number, first: Pair): Promise<void> => {
      let pair = first;
      while (running) {
        const response = await refresh(apps[instance], pair.refresh);
        if (response.status === 200) {
          log.ok[instance]++;
          if (instance === victim && killedAt && firstVictim503 && !victimRecoveredAt) victimRecoveredAt = Date.now();
          pair = { access: response.body.access as string, refresh: response.body.refresh as string };
        } else if (response.status === 503) {
          expect(response.body).toMatchObject({ code: 'service_unavailable' });
          log.unavailable[instance]++;
          if (instance === victim && killedAt && !firstVictim503) firstVictim503 = Date.now();
          // An honest client retries the very same token.
          await sleep(250);
        } else if (response.status === 401) {
          log.revoked.push(`instance ${instance}: ${JSON.stringify(response.body)}`);
          return;
        } else {
          log.other.push(`instance ${instance}: ${response.status} ${JSON.stringify(response.body)}`);
          return;
        }
      }
    };
    // Logged in one after the other: what is measured is the load of refreshes.
    const logins: Array<{ instance: number; pair: Pair }> = [];
    for (let instance = 0; instance < apps.length; instance++) {
      for (let i = 0; i < perInstance; i++) {
        logins.push({ instance, pair: await apps[instance].api.loginAs(ALICE) });
      }
    }
    const clients = logins.map(({ instance, pair }) => client(instance, pair));
    await sleep(1500);
    const okBefore = [...log.ok];
    cluster.kill(victim);
    killedAt = Date.now();
    await sleep(12_000);
    const servedDuringOutage = log.ok.map((count, instance) => count - okBefore[instance]);
    const restartAt = Date.now();
    await cluster.restart(victim);
    const rejoinedAfter = Date.now() - restartAt;
    while (!victimRecoveredAt && Date.now() - restartAt < rejoinedAfter + 30_000) await sleep(100);
    running = false;
    await Promise.all(clients);
    report(
      `node kill: ${JSON.stringify(log)}; served during outage ${JSON.stringify(servedDuringOutage)}; ` +
        `victim's first 503 ${firstVictim503 - killedAt} ms after the kill; node rejoined ${rejoinedAfter} ms ` +
        `after restart; victim's instance served again ${victimRecoveredAt - restartAt} ms after restart`,
    );
    expect(log.revoked).toEqual([]);
    expect(log.other).toEqual([]);
    expect(firstVictim503).toBeGreaterThan(0);
    expect(firstVictim503 - killedAt).toBeLessThan(5000);
    expect(servedDuringOutage[0]).toBeGreaterThan(0);
    expect(servedDuringOutage[1]).toBeGreaterThan(0);
    expect(victimRecoveredAt).toBeGreaterThan(0);
  });
});

async function waitFor(timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(200);
  }
}

function countBy(values: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
