/**
 * One route of the HTTP scenarios against one server started with `node --cpu-prof`, for
 * finding where a request's CPU goes: `node -r ts-node/register/transpile-only
 * bench/probes/profile-route.ts <me|verify|live> <seconds> <DIR> [LOG_LEVEL] [pin]`. The profile is
 * written into DIR when the server stops; server CPU per request is printed, and
 * `bench/probes/profile-summary.js` sums the profile per request. With `pin` the server runs on
 * the second core and autocannon on the first (`taskset`), so that they do not take turns on one.
 */
import { Request } from 'autocannon';
import { execFileSync } from 'node:child_process';
import { hash } from 'bcrypt';
import { sqliteDatabase } from '../harness/databases';
import { load } from '../harness/load';
import { login, mintAccessTokens, seedUsers } from '../harness/seed';
import { BenchServer } from '../harness/server';

async function main(): Promise<void> {
  const [route = 'me', seconds = '10', dir = 'profiles', level = 'info', pin] = process.argv.slice(2);
  const db = sqliteDatabase();
  const server = await BenchServer.start({
    databaseUrl: db.url,
    env: { ACCESS_TOKEN_LIFETIME: '1h', LOG_LEVEL: level },
    cpuProfileDir: dir,
  });
  if (pin === 'pin') {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(server.pid)]);
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
  }
  try {
    await seedUsers(db, 'bench-profile', 1, await hash('bench-password-1', 4));
    const template = await login(server.url, 'bench-profile-0', 'bench-password-1');
    const tokens = [template.access, ...mintAccessTokens(template.access, 999)];
    const requests: Request[] =
      route === 'live'
        ? [{ method: 'GET', path: '/health/live' }]
        : route === 'verify'
          ? tokens.map((token) => ({
              method: 'POST',
              path: '/api/token/verify/',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ token }),
            }))
          : tokens.map((token) => ({ method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${token}` } }));
    await load({ url: server.url, connections: 64, duration: 2, requests });
    const before = server.cpuSeconds();
    const result = await load({ url: server.url, connections: 64, duration: Number(seconds), requests });
    const cpu = server.cpuSeconds() - before;
    process.stdout.write(
      `${route} at ${level}: ${result.requests} requests, ${Math.round(result.perSecond)}/s, ` +
        `${Math.round((cpu * 1e6) / result.requests)} us server CPU per request, statuses ${JSON.stringify(result.statuses)}\n`,
    );
  } finally {
    await server.stop();
    await db.drop();
  }
}

void main();
