/**
 * Statements and commits per login and per refresh exchange (with rotation) on MariaDB, counted
 * inside the server by bench/probes/query-counter.js: `node -r ts-node/register/transpile-only
 * bench/probes/round-trips.ts` (TEST_MYSQL_URL or the local MariaDB). Sequential requests, so
 * that every count belongs to one request.
 */
import { hash } from 'bcrypt';
import { join } from 'node:path';
import { mariadbBaseUrl, mariadbDatabase } from '../harness/databases';
import { login, seedUsers } from '../harness/seed';
import { BenchServer, ROOT } from '../harness/server';

type Counts = Record<string, number>;

const per = (counts: Counts, n: number): string =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, value]) => `${kind} ${(value / n).toFixed(2)}`)
    .join(', ');

async function main(): Promise<void> {
  const base = await mariadbBaseUrl();
  if (!base.url) throw new Error(base.why);
  const db = await mariadbDatabase(base.url);
  const server = await BenchServer.start({
    databaseUrl: db.url,
    env: { ACCESS_TOKEN_LIFETIME: '1h', BCRYPT_ROUNDS: '4' },
    entry: ['-r', join(__dirname, 'query-counter.js'), join(ROOT, 'dist', 'src', 'main.js')],
  });
  const ask = <T>(type: string): Promise<T> => server.ask<T>(type);
  try {
    const logins = 20;
    const exchanges = 100;
    await seedUsers(db, 'bench-rt', logins, await hash('bench-password-1', 4));
    await login(server.url, 'bench-rt-0', 'bench-password-1');
    await ask<Counts>('bench:queries');
    let refresh = '';
    for (let i = 0; i < logins; i++) refresh = (await login(server.url, `bench-rt-${i}`, 'bench-password-1')).refresh;
    const perLogin = await ask<Counts>('bench:queries');
    for (let i = 0; i < exchanges; i++) {
      const response = await fetch(`${server.url}/api/token/refresh/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh }),
      });
      if (response.status !== 200) throw new Error(`refresh answered ${response.status}`);
      refresh = ((await response.json()) as { refresh: string }).refresh;
    }
    const perExchange = await ask<Counts>('bench:queries');
    process.stdout.write(`per login (${logins}): ${per(perLogin, logins)}\n`);
    process.stdout.write(`per refresh exchange (${exchanges}): ${per(perExchange, exchanges)}\n`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

void main();
