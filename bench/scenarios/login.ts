import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sqliteDatabase } from '../harness/databases';
import { failuresOf, load, median } from '../harness/load';
import { fixed, perSecond, Run, verdict } from '../harness/report';
import { seedUsers } from '../harness/seed';
import { BenchServer, LoopDelay, ROOT } from '../harness/server';

const COST = 10;
/** Logins in flight at once, and raw comparisons in flight at once: the same parallelism. */
const CONCURRENCY = 8;
const USERS = 8;
const PASSWORD = 'bench-password-1';

async function rawCompare(seconds: number, passwordHash: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'bench', 'probes', 'bcrypt-compare.js'), String(CONCURRENCY), String(seconds), passwordHash, PASSWORD],
    { cwd: ROOT },
  );
  return (JSON.parse(stdout) as { perSecond: number }).perSecond;
}

/**
 * Logins at BCRYPT_ROUNDS=10 against raw bcrypt.compare at cost 10 in a separate process,
 * alternately, with the same parallelism; the server's event-loop delay is read over each
 * login run (the CPU is saturated by bcrypt then).
 */
export async function loginScenarios(run: Run, env: Record<string, string>, profileDir?: string): Promise<void> {
  const db = sqliteDatabase();
  const server = await BenchServer.start({
    databaseUrl: db.url,
    env: { ...env, BCRYPT_ROUNDS: String(COST) },
    cpuProfileDir: profileDir,
  });
  try {
    const passwordHash = await hash(PASSWORD, COST);
    const users = await seedUsers(db, 'bench-login', USERS, passwordHash);
    const requests: Request[] = users.map(({ username }) => ({
      method: 'POST',
      path: '/api/token/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    }));
    const rounds = run.quick ? 2 : 3;
    const duration = run.quick ? 3 : 10;
    await load({ url: server.url, connections: CONCURRENCY, duration: 1, requests });

    const raw: number[] = [];
    const logins: number[] = [];
    const delays: LoopDelay[] = [];
    let failed = 0;
    for (let round = 0; round < rounds; round++) {
      raw.push(await rawCompare(duration, passwordHash));
      await server.loopDelay();
      const result = await load({ url: server.url, connections: CONCURRENCY, duration, requests });
      delays.push(await server.loopDelay());
      failed += failuresOf(result);
      logins.push(result.perSecond);
    }
    if (failed > 0) run.broken('login', `${failed} logins did not answer 200`);
    const ratio = median(logins) / median(raw);
    run.log(`raw compare ${raw.map(perSecond).join(', ')}; logins ${logins.map(perSecond).join(', ')}`);
    run.rows.push({
      scenario: `login at BCRYPT_ROUNDS=${COST} vs raw bcrypt.compare at cost ${COST}, ${CONCURRENCY} in flight`,
      measure: 'throughput ratio (median of rounds)',
      result: `${fixed(ratio)} (${fixed(median(logins), 1)}/s vs ${fixed(median(raw), 1)}/s)`,
      target: '>= 0.9',
      verdict: verdict(ratio, '>=', 0.9),
    });

    const worst = delays.reduce((a, b) => (b.p99 > a.p99 ? b : a));
    run.log(`event-loop delay per login round: ${delays.map((d) => `p99 ${d.p99} ms`).join(', ')}`);
    run.rows.push({
      scenario: 'event-loop delay (monitorEventLoopDelay in the server) while logins saturate the CPU',
      measure: 'p99 (worst round)',
      result: `${fixed(worst.p99, 1)} ms (p50 ${fixed(worst.p50, 1)} ms, max ${fixed(worst.max, 1)} ms)`,
      target: '< 20 ms',
      verdict: verdict(worst.p99, '<', 20),
    });
  } finally {
    await server.stop();
    await db.drop();
  }
}
