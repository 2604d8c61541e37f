/**
 * A/B of two builds of the service in the same run: both servers started side by side on one
 * database, one route loaded on each in turn, `rounds` times; req/s and server CPU per request
 * (/proc) per round, their medians, and B's CPU per request over A's paired round by round.
 * `node -r ts-node/register/transpile-only bench/probes/ab.ts <me|verify|live> <rounds>
 * <seconds> <A main.js> <B main.js> [LOG_LEVEL]`. A build to compare against: `git worktree add`
 * (or a copy of dist/) of the older commit, built, inside this checkout so that its requires
 * find node_modules.
 */
import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { sqliteDatabase } from '../harness/databases';
import { load, median } from '../harness/load';
import { login, mintAccessTokens, seedUsers } from '../harness/seed';
import { BenchServer } from '../harness/server';

export function routeRequests(route: string, tokens: string[]): Request[] {
  if (route === 'live') return [{ method: 'GET', path: '/health/live' }];
  if (route === 'verify') {
    return tokens.map((token) => ({
      method: 'POST',
      path: '/api/token/verify/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }));
  }
  return tokens.map((token) => ({ method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${token}` } }));
}

async function main(): Promise<void> {
  const [route = 'me', rounds = '3', seconds = '8', entryA, entryB, level = 'info'] = process.argv.slice(2);
  if (!entryA || !entryB) throw new Error('usage: ab.ts <route> <rounds> <seconds> <A main.js> <B main.js> [level]');
  const db = sqliteDatabase();
  const env = { ACCESS_TOKEN_LIFETIME: '1h', LOG_LEVEL: level };
  const a = await BenchServer.start({ databaseUrl: db.url, env, entry: [entryA] });
  const b = await BenchServer.start({ databaseUrl: db.url, env, entry: [entryB] });
  try {
    await seedUsers(db, 'bench-ab', 1, await hash('bench-password-1', 4));
    const template = await login(a.url, 'bench-ab-0', 'bench-password-1');
    const requests = routeRequests(route, [template.access, ...mintAccessTokens(template.access, 999)]);
    const results: Record<'A' | 'B', Array<{ rate: number; cpu: number }>> = { A: [], B: [] };
    for (const server of [a, b]) await load({ url: server.url, connections: 64, duration: 2, requests });
    for (let round = 0; round < Number(rounds); round++) {
      // Who goes first alternates, so that neither build always meets the machine in the same state.
      const order = [
        ['A', a],
        ['B', b],
      ] as const;
      for (const [name, server] of round % 2 ? [order[1], order[0]] : order) {
        const before = server.cpuSeconds();
        const result = await load({ url: server.url, connections: 64, duration: Number(seconds), requests });
        const cpu = ((server.cpuSeconds() - before) * 1e6) / result.requests;
        const bad = result.requests - (result.statuses['200'] ?? 0);
        results[name].push({ rate: result.perSecond, cpu });
        process.stdout.write(
          `round ${round + 1} ${name}: ${Math.round(result.perSecond)}/s, ${Math.round(cpu)} us/request${bad ? `, ${bad} not 200` : ''}\n`,
        );
      }
    }
    const rate = (side: 'A' | 'B') => median(results[side].map((r) => r.rate));
    const cpu = (side: 'A' | 'B') => median(results[side].map((r) => r.cpu));
    // B's CPU per request over A's of the same round: a slow minute slows both and cancels out.
    const paired = median(results.B.map((r, round) => r.cpu / results.A[round].cpu));
    process.stdout.write(
      `${route} at ${level}: A ${Math.round(rate('A'))}/s ${Math.round(cpu('A'))} us; B ${Math.round(rate('B'))}/s ` +
        `${Math.round(cpu('B'))} us; B/A req/s ${(rate('B') / rate('A')).toFixed(2)}, CPU ${(cpu('B') / cpu('A')).toFixed(2)}, ` +
        `CPU paired per round ${paired.toFixed(3)}\n`,
    );
  } finally {
    await a.stop();
    await b.stop();
    await db.drop();
  }
}

if (require.main === module) void main();
