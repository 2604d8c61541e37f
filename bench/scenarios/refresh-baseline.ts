import { join } from 'node:path';
import { baselineBuild } from '../harness/baseline';
import { BenchDatabase } from '../harness/databases';
import { Load, median } from '../harness/load';
import { fixed, perSecond, Run, verdict } from '../harness/report';
import { BenchServer, ROOT } from '../harness/server';
import { auditChains, Chain, CONNECTIONS, exchange, logProblems, openChains } from './refresh';

export interface Side {
  name: string;
  entry: string;
  db: BenchDatabase;
  cpuProfileDir?: string;
}

export interface SideResult {
  name: string;
  /** Medians over the rounds. */
  perSecond: number;
  cpuMicros: number;
  p50: number;
  problems: string[];
}

/**
 * Refresh with rotation on two builds of the service, each on a database of its own with 64
 * chains, loaded in alternating rounds of `perConnection` exchanges per connection: exchanges/s,
 * server CPU per exchange and p50 per round, their medians, and the chain audit of each side.
 */
export async function compareRefresh(
  sides: Side[],
  env: Record<string, string>,
  rounds: number,
  perConnection: number,
  log: (line: string) => void,
): Promise<SideResult[]> {
  const servers: BenchServer[] = [];
  try {
    for (const side of sides) {
      servers.push(
        await BenchServer.start({
          databaseUrl: side.db.url,
          env: { ...env, BCRYPT_ROUNDS: '4' },
          entry: [side.entry],
          cpuProfileDir: side.cpuProfileDir,
        }),
      );
    }
    const chains: Chain[][] = [];
    for (const [i, side] of sides.entries()) chains.push(await openChains(side.db, servers[i].url, 'bench-ab'));
    const loads: Load[][] = sides.map(() => []);
    const rates: number[][] = sides.map(() => []);
    const cpus: number[][] = sides.map(() => []);
    const p50s: number[][] = sides.map(() => []);
    for (const [i, server] of servers.entries()) loads[i].push(await exchange(server.url, chains[i], 5));
    for (let round = 1; round <= rounds; round++) {
      for (const [i, side] of sides.entries()) {
        const before = servers[i].cpuSeconds();
        const result = await exchange(servers[i].url, chains[i], perConnection);
        loads[i].push(result);
        const cpu = ((servers[i].cpuSeconds() - before) * 1e6) / result.requests;
        rates[i].push(result.perSecond);
        cpus[i].push(cpu);
        p50s[i].push(result.p50);
        log(
          `round ${round} ${side.name}: ${Math.round(result.perSecond)}/s, ${Math.round(cpu)} us/exchange, p50 ${result.p50} ms`,
        );
      }
    }
    const results: SideResult[] = [];
    for (const [i, side] of sides.entries()) {
      results.push({
        name: side.name,
        perSecond: median(rates[i]),
        cpuMicros: median(cpus[i]),
        p50: median(p50s[i]),
        problems: await auditChains(side.db, chains[i], loads[i]),
      });
    }
    return results;
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** The last commit whose rotation took two commits and a read after its UPDATE. */
export const REFRESH_BASELINE = '87faf9a';

/**
 * Refresh with rotation on this build against a build of REFRESH_BASELINE, alternating, each on
 * a fresh database of `engine`. Full runs only: building the older commit takes a minute.
 */
export async function refreshBaselineScenario(
  run: Run,
  engine: 'SQLite' | 'MariaDB',
  newDatabase: () => Promise<BenchDatabase>,
  env: Record<string, string>,
  ref = REFRESH_BASELINE,
): Promise<void> {
  const entry = baselineBuild(ref, (line) => run.log(line));
  const dbs = [await newDatabase(), await newDatabase()];
  try {
    const sides = [
      { name: ref, entry, db: dbs[0] },
      { name: 'this build', entry: join(ROOT, 'dist', 'src', 'main.js'), db: dbs[1] },
    ];
    const [before, after] = await compareRefresh(sides, env, 3, 300, (line) => run.log(`${engine} A/B: ${line}`));
    for (const side of [before, after]) logProblems(run, `refresh A/B on ${engine} (${side.name})`, side.problems);
    const ratio = after.perSecond / before.perSecond;
    run.rows.push({
      scenario: `refresh with rotation on ${engine}, this build vs the build of ${ref} (two commits per exchange), ${CONNECTIONS} connections, alternating`,
      measure: 'exchanges/s ratio; server CPU per exchange (medians of 3 rounds)',
      result:
        `${fixed(ratio)} (${perSecond(after.perSecond)} vs ${perSecond(before.perSecond)}); ` +
        `CPU ${Math.round(after.cpuMicros)} vs ${Math.round(before.cpuMicros)} us; p50 ${after.p50} vs ${before.p50} ms`,
      target: engine === 'MariaDB' ? '>= 1.5' : 'report',
      verdict:
        before.problems.length + after.problems.length > 0
          ? 'BROKEN'
          : engine === 'MariaDB'
            ? verdict(ratio, '>=', 1.5)
            : 'report',
    });
  } finally {
    for (const db of dbs) await db.drop();
  }
}
