import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { sqliteDatabase } from '../databases';
import { alternate, failuresOf, Load, load } from '../load';
import { fixed, perSecond, Run, verdict } from '../report';
import { login, mintAccessTokens, seedUsers } from '../seed';
import { BenchServer } from '../server';

const CONNECTIONS = 64;
/** Distinct access tokens in flight, as from that many clients (and sessions). */
const DISTINCT_TOKENS = 1000;
const PASSWORD = 'bench-password-1';

const live: Request[] = [{ method: 'GET', path: '/health/live' }];
const me = (tokens: string[]): Request[] =>
  tokens.map((token) => ({ method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${token}` } }));
const verify = (tokens: string[]): Request[] =>
  tokens.map((token) => ({
    method: 'POST',
    path: '/api/token/verify/',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  }));

function statuses(runs: Load[]): string {
  return runs.map((r) => `${JSON.stringify(r.statuses)} ${r.errors} errors ${r.timeouts} timeouts`).join('; ');
}

function describe(runs: Load[]): string {
  return runs.map((run) => perSecond(run.perSecond)).join(', ');
}

/**
 * Guarded and verify throughput against the unguarded liveness probe on the same server, and
 * the server's RSS after 10k and after 1M guarded requests (a fresh server, so that the first
 * figure is not already inflated by the throughput runs).
 */
export async function httpScenarios(run: Run, env: Record<string, string>, profileDir?: string): Promise<void> {
  const db = sqliteDatabase();
  let server = await BenchServer.start({ databaseUrl: db.url, env, cpuProfileDir: profileDir });
  try {
    await seedUsers(db, 'bench-http', 1, await hash(PASSWORD, 4));
    const template = await login(server.url, 'bench-http-0', PASSWORD);
    const tokens = [template.access, ...mintAccessTokens(template.access, DISTINCT_TOKENS - 1)];
    const rounds = run.quick ? 1 : 3;
    const duration = run.quick ? 3 : 10;
    const shot = (requests: Request[]) => () => load({ url: server.url, connections: CONNECTIONS, duration, requests });

    // Warm-up: JIT and the first allocation of every pool, on both routes.
    await load({ url: server.url, connections: CONNECTIONS, duration: run.quick ? 1 : 3, requests: live });
    await load({ url: server.url, connections: CONNECTIONS, duration: run.quick ? 1 : 3, requests: me(tokens) });

    const guard = await alternate(rounds, shot(live), shot(me(tokens)));
    const checked = [...guard.a, ...guard.b].map((r) => failuresOf(r)).reduce((a, b) => a + b, 0);
    if (checked > 0) run.broken('guarded GET /api/me', `${checked} requests did not answer 200: ${statuses(guard.b)}`);
    run.log(`unguarded ${describe(guard.a)}; guarded ${describe(guard.b)}`);
    run.rows.push({
      scenario: `guarded GET /api/me (${DISTINCT_TOKENS} distinct tokens) vs unguarded GET /health/live, ${CONNECTIONS} connections`,
      measure: 'req/s ratio (median of rounds)',
      result: `${fixed(guard.ratio)} (${perSecond(median(guard.b))} vs ${perSecond(median(guard.a))})`,
      target: '>= 0.7',
      verdict: verdict(guard.ratio, '>=', 0.7),
    });

    const verified = await alternate(rounds, shot(live), shot(verify(tokens)));
    const failed = verified.b.map((r) => failuresOf(r)).reduce((a, b) => a + b, 0);
    if (failed > 0)
      run.broken('POST /api/token/verify/', `${failed} requests did not answer 200: ${statuses(verified.b)}`);
    run.log(`unguarded ${describe(verified.a)}; verify ${describe(verified.b)}`);
    run.rows.push({
      scenario: `POST /api/token/verify/ (access tokens) vs unguarded, ${CONNECTIONS} connections`,
      measure: 'req/s ratio (median of rounds)',
      result: `${fixed(verified.ratio)} (${perSecond(median(verified.b))} vs ${perSecond(median(verified.a))})`,
      target: '>= 0.5',
      verdict: verdict(verified.ratio, '>=', 0.5),
    });

    await server.stop();
    server = await BenchServer.start({ databaseUrl: db.url, env });
    await memory(run, server, tokens);
  } finally {
    await server.stop();
    await db.drop();
  }
}

function median(runs: Load[]): number {
  const sorted = runs.map((r) => r.perSecond).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function memory(run: Run, server: BenchServer, tokens: string[]): Promise<void> {
  const first = 10_000;
  const total = run.quick ? 100_000 : 1_000_000;
  const requests = me(tokens);
  const warm = await load({ url: server.url, connections: CONNECTIONS, amount: first, requests });
  const early = server.rssMiB();
  const earlyHeap = (await server.memory()).heapUsed / 2 ** 20;
  const rest = await load({ url: server.url, connections: CONNECTIONS, amount: total - first, requests });
  const late = server.rssMiB();
  const lateHeap = (await server.memory()).heapUsed / 2 ** 20;
  const failed = failuresOf(warm) + failuresOf(rest);
  if (failed > 0) run.broken('RSS after guarded requests', `${failed} requests did not answer 200`);
  const ratio = late / early;
  run.log(`RSS ${fixed(early, 1)} MiB after ${first}, ${fixed(late, 1)} MiB after ${total}`);
  run.log(`heap used ${fixed(earlyHeap, 1)} MiB after ${first}, ${fixed(lateHeap, 1)} MiB after ${total}`);
  run.rows.push({
    scenario: `RSS after ${total.toLocaleString('en-US')} guarded requests vs after ${first.toLocaleString('en-US')}`,
    measure: 'RSS ratio',
    result: `${fixed(ratio)} (${fixed(late, 1)} vs ${fixed(early, 1)} MiB; heap used ${fixed(lateHeap, 1)} vs ${fixed(earlyHeap, 1)} MiB)`,
    target: '<= 1.1',
    verdict: verdict(ratio, '<=', 1.1),
  });
}
