import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchDatabase, mariadbBaseUrl, mariadbDatabase, sqliteDatabase } from '../harness/databases';
import { failuresOf, load, median } from '../harness/load';
import { fixed, perSecond, Run, verdict } from '../harness/report';
import { seedUsers } from '../harness/seed';
import { BenchServer, LoopDelay, ROOT } from '../harness/server';

const COST = 10;
/**
 * Logins in flight at once, and raw comparisons in flight at once: the same parallelism. 8, and
 * 64 as many clients at once would send (with 64 the main thread's share per login and the
 * database writes queue behind bcrypt, which 8 hides).
 */
const CONCURRENCY = 8;
const MANY = 64;
const USERS = 8;
const PASSWORD = 'bench-password-1';

async function rawCompare(concurrency: number, seconds: number, passwordHash: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'bench', 'probes', 'bcrypt-compare.js'), String(concurrency), String(seconds), passwordHash, PASSWORD],
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
  try {
    await loginRatio(run, db, CONCURRENCY, env, profileDir, true);
    await loginRatio(run, db, MANY, env);
  } finally {
    await db.drop();
  }
  const base = await mariadbBaseUrl();
  if (!base.url) {
    run.log(`login on MariaDB skipped: ${base.why}`);
    return;
  }
  const maria = await mariadbDatabase(base.url);
  try {
    await loginRatio(run, maria, CONCURRENCY, env);
    await loginRatio(run, maria, MANY, env);
  } finally {
    await maria.drop();
  }
}

async function loginRatio(
  run: Run,
  db: BenchDatabase,
  concurrency: number,
  env: Record<string, string>,
  profileDir?: string,
  withLoopDelay = false,
): Promise<void> {
  const server = await BenchServer.start({
    databaseUrl: db.url,
    env: { ...env, BCRYPT_ROUNDS: String(COST) },
    cpuProfileDir: profileDir,
  });
  try {
    const passwordHash = await hash(PASSWORD, COST);
    const prefix = `bench-login-${concurrency}`;
    const users = await seedUsers(db, prefix, USERS, passwordHash);
    const requests: Request[] = users.map(({ username }) => ({
      method: 'POST',
      path: '/api/token/',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    }));
    const rounds = run.quick ? 2 : 3;
    const duration = run.quick ? 3 : 10;
    await load({ url: server.url, connections: concurrency, duration: 1, requests });

    const raw: number[] = [];
    const logins: number[] = [];
    const delays: LoopDelay[] = [];
    let failed = 0;
    for (let round = 0; round < rounds; round++) {
      raw.push(await rawCompare(concurrency, duration, passwordHash));
      await server.loopDelay();
      const result = await load({ url: server.url, connections: concurrency, duration, requests });
      delays.push(await server.loopDelay());
      failed += failuresOf(result);
      logins.push(result.perSecond);
    }
    if (failed > 0) run.broken(`login (${db.engine}, ${concurrency})`, `${failed} logins did not answer 200`);
    const ratio = median(logins) / median(raw);
    run.log(
      `${db.engine}, ${concurrency} in flight: raw compare ${raw.map(perSecond).join(', ')}; ` +
        `logins ${logins.map(perSecond).join(', ')}`,
    );
    run.rows.push({
      scenario: `login at BCRYPT_ROUNDS=${COST} vs raw bcrypt.compare at cost ${COST}, ${concurrency} in flight (${db.engine})`,
      measure: 'throughput ratio (median of rounds)',
      result: `${fixed(ratio)} (${fixed(median(logins), 1)}/s vs ${fixed(median(raw), 1)}/s)`,
      target: '>= 0.9',
      verdict: verdict(ratio, '>=', 0.9),
    });

    if (!withLoopDelay) return;
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
  }
}
