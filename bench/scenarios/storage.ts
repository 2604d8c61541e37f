import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FlushReport } from '../probes/flush-harness';
import { BenchDatabase } from '../harness/databases';
import { Load, median } from '../harness/load';
import { fixed, perSecond, Run, verdict } from '../harness/report';
import { seedSessions, seedUsers, sqlTime } from '../harness/seed';
import { BenchServer, ROOT, serverEnvironment } from '../harness/server';
import { auditChains, Chain, CONNECTIONS, exchange, logProblems, openChains, totalExchanges } from './refresh';

const SMALL_TABLE = 1000;
const OWNERS = 1000;

function flush(db: BenchDatabase, env: Record<string, string>): Promise<FlushReport> {
  return promisify(execFile)(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'probes', 'flush-harness.ts')],
    { cwd: ROOT, env: serverEnvironment(db.url, env), maxBuffer: 1 << 20 },
  ).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as FlushReport);
}

const count = async (db: BenchDatabase): Promise<number> =>
  Number((await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM sessions'))[0].n);

/**
 * On one database: rotation under 64 connections (none lost or doubled), refresh p50 with 1M
 * sessions in the table against 1k (measured before the bulk is added and again after it is
 * flushed), and flush-expired-tokens on the bulk once it has expired.
 */
export async function storageScenarios(run: Run, db: BenchDatabase, env: Record<string, string>): Promise<void> {
  const engine = db.engine === 'sqlite' ? 'SQLite' : 'MariaDB';
  const bulkSize = run.quick ? 50_000 : 1_000_000;
  const bulkLabel = run.quick ? '50k' : '1M';
  const server = await BenchServer.start({ databaseUrl: db.url, env: { ...env, BCRYPT_ROUNDS: '4' } });
  const runs: Load[] = [];
  const exchangeRun = async (chains: Chain[], perConnection: number): Promise<Load> => {
    const result = await exchange(server.url, chains, perConnection);
    runs.push(result);
    return result;
  };
  try {
    const chains = await openChains(db, server.url, 'bench-chain');
    await exchangeRun(chains, 5);
    const rotation = await exchangeRun(chains, run.quick ? 20 : 300);
    const problems = await auditChains(db, chains, runs);
    logProblems(run, `refresh with rotation on ${engine}`, problems);
    run.rows.push({
      scenario: `refresh with rotation on ${engine}, ${CONNECTIONS} connections, one chain each`,
      measure: 'exchanges/s, p50, p99',
      result:
        `${perSecond(rotation.perSecond)}, p50 ${rotation.p50} ms, p99 ${rotation.p99} ms; ` +
        `${rotation.requests.toLocaleString('en-US')} exchanges, ` +
        (problems.length === 0 ? 'every generation = its 200s (none lost or doubled)' : `${problems.length} problems`),
      target: 'report; none lost or doubled',
      verdict: problems.length === 0 ? 'report' : 'BROKEN',
    });

    const fillers = await seedUsers(db, 'bench-fill', 10, 'x');
    await seedSessions(
      db,
      fillers.map((user) => user.id),
      SMALL_TABLE - (await count(db)),
      false,
    );
    const perConnection = run.quick ? 15 : 150;
    // Settled first, then the median p50 of a few runs: one run on a shared machine, or one
    // right after a bulk insert or delete, measures the neighbours or InnoDB's purge instead.
    const p50At = async (label: string): Promise<number> => {
      run.log(`${engine}, ${label}: ${await db.settle()}`);
      const p50s: number[] = [];
      for (let i = 0; i < (run.quick ? 1 : 3); i++) p50s.push((await exchangeRun(chains, perConnection)).p50);
      run.log(`${engine}, ${label}: refresh p50 ${p50s.join(', ')} ms`);
      return median(p50s);
    };
    const smallBefore = await p50At(`${SMALL_TABLE / 1000}k sessions`);
    const seedStarted = Date.now();
    const owners = await seedUsers(db, 'bench-bulk', OWNERS, 'x');
    await seedSessions(
      db,
      owners.map((user) => user.id),
      bulkSize - SMALL_TABLE,
      false,
    );
    const rows = await count(db);
    run.log(`${engine}: seeded ${rows} sessions in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    const large = await p50At(`${bulkLabel} sessions`);

    // The bulk expires (an UPDATE by the harness, not measured), then the command removes it.
    const ids = owners.map((user) => user.id);
    for (let start = 0; start < ids.length; start += 100) {
      const chunk = ids.slice(start, start + 100);
      await db.query(`UPDATE sessions SET expires_at = ? WHERE user_id IN (${chunk.map(() => '?').join(', ')})`, [
        sqlTime(-86400),
        ...chunk,
      ]);
    }
    const flushed = await flush(db, env);
    const smallAfter = await p50At(`${SMALL_TABLE / 1000}k sessions again`);

    const small = (smallBefore + smallAfter) / 2;
    const ratio = large / small;
    run.rows.push({
      scenario: `refresh p50 with ${bulkLabel} sessions in the table vs ${SMALL_TABLE / 1000}k (${engine}, ${CONNECTIONS} connections)`,
      measure: 'p50 ratio (each: median of runs on a settled database; 1k: mean of before and after)',
      result: `${fixed(ratio)} (${large} ms vs ${smallBefore} / ${smallAfter} ms)`,
      target: '<= 1.2',
      verdict: verdict(ratio, '<=', 1.2),
    });

    const expected = bulkSize - SMALL_TABLE;
    if (flushed.deleted !== expected)
      run.broken(`flush on ${engine}`, `deleted ${flushed.deleted}, expected ${expected}`);
    run.rows.push({
      scenario: `flush-expired-tokens on ${bulkLabel} expired rows (${engine})`,
      measure: 'total time; longest single statement',
      result:
        `${fixed(flushed.totalMs / 1000, 1)} s, ${flushed.statements} statements; longest ${flushed.longestMs} ms ` +
        `(\`${flushed.longestSql.slice(0, 60)}...\`)`,
      target: '< 1 s per statement',
      verdict: verdict(flushed.longestMs, '<', 1000),
    });

    const final = await auditChains(db, chains, runs);
    logProblems(run, `refresh chains on ${engine} (all runs)`, final);
    run.log(`${engine}: ${totalExchanges(chains)} exchanges over all runs, ${final.length} problems`);
  } finally {
    await server.stop();
  }
}
