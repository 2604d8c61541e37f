import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { sqliteDatabase } from '../harness/databases';
import { alternate, failuresOf, Load, load } from '../harness/load';
import { fixed, perSecond, Run, verdict } from '../harness/report';
import { login, mintAccessTokens, seedUsers } from '../harness/seed';
import { BenchServer } from '../harness/server';

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
    server = await BenchServer.start({ databaseUrl: db.url, env, exposeGc: true });
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

const mib = (bytes: number): number => bytes / 2 ** 20;

/**
 * RSS right after a full collection (the probe calls gc() in the server): a leak survives it,
 * garbage does not. Sampled at 10k and then every tenth of the way to 1M, so that a leak shows
 * as a trend and one sample's luck (native memory moves by tens of MiB between idle moments
 * while the JS heap stays flat) can be told apart from it.
 */
async function memory(run: Run, server: BenchServer, tokens: string[]): Promise<void> {
  const first = 10_000;
  // Quick: 40,000, enough to prove the scenario works (10k, then ten samples of 3k) in seconds.
  const total = run.quick ? 40_000 : 1_000_000;
  const requests = me(tokens);
  const samples: Array<{ after: number; rss: number; heap: number }> = [];
  let sent = 0;
  let failed = 0;
  const chunk = (total - first) / 10;
  for (const amount of [first, ...Array<number>(10).fill(chunk)]) {
    failed += failuresOf(await load({ url: server.url, connections: CONNECTIONS, amount, requests }));
    sent += amount;
    const { after } = await server.memory();
    samples.push({ after: sent, rss: mib(after.rss), heap: mib(after.heapUsed) });
  }
  if (failed > 0) run.broken('RSS after guarded requests', `${failed} requests did not answer 200`);
  const early = samples[0];
  const late = samples[samples.length - 1];
  const ratio = late.rss / early.rss;
  const peak = Math.max(...samples.map((sample) => sample.rss));
  run.log(`RSS after GC: ${samples.map((sample) => `${sample.after}: ${fixed(sample.rss, 0)}`).join(', ')} MiB`);
  run.log(`heap used after GC: ${samples.map((sample) => fixed(sample.heap, 1)).join(', ')} MiB`);
  run.rows.push({
    scenario: `RSS after ${total.toLocaleString('en-US')} guarded requests vs after ${first.toLocaleString('en-US')}`,
    measure: 'RSS ratio, each after a full GC',
    result:
      `${fixed(ratio)} (${fixed(late.rss, 1)} vs ${fixed(early.rss, 1)} MiB, peak of 11 samples ${fixed(peak, 1)}; ` +
      `JS heap used ${fixed(late.heap, 1)} vs ${fixed(early.heap, 1)} MiB)`,
    target: '<= 1.1',
    verdict: verdict(ratio, '<=', 1.1),
  });
}
