/**
 * `npm run bench [-- --quick] [-- --only=ceiling,http,login,sqlite,mariadb,galera] [-- --profile=DIR] [-- --baseline=REF]`
 *
 * The orchestrator: every scenario (bench/scenarios/) against the compiled server in processes of
 * its own; autocannon runs here. Prints the table; a full run also writes it into BENCHMARKS.md. Exits non-zero
 * when a scenario is broken (wrong answers, lost or doubled exchanges), never because a target
 * ratio was missed: on a shared 2-core machine that is a finding to look at, not a failure.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { mariadbBaseUrl, mariadbDatabase, sqliteDatabase } from './harness/databases';
import { createRun, markdownTable, Run, writeBenchmarks } from './harness/report';
import { ceilingScenarios } from './scenarios/ceiling';
import { galeraScenarios } from './scenarios/galera-cluster';
import { httpScenarios } from './scenarios/http';
import { loginScenarios } from './scenarios/login';
import { refreshBaselineScenario } from './scenarios/refresh-baseline';
import { storageScenarios } from './scenarios/storage';
import { ROOT } from './harness/server';

const SCENARIOS = ['ceiling', 'http', 'login', 'sqlite', 'mariadb', 'galera'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Settings every bench server gets (beyond serverEnvironment): tokens outlive the run. */
const ENV = { ACCESS_TOKEN_LIFETIME: '1h' };

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

async function attempt(run: Run, name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  run.log(`${name}: start`);
  try {
    await body();
  } catch (error) {
    run.broken(name, error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  run.log(`${name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = (option('only')?.split(',') ?? SCENARIOS) as Scenario[];
  const profile = option('profile');
  const run = createRun(quick);
  const loadBefore = load();
  const started = Date.now();
  run.log(`${quick ? 'quick' : 'full'} run of ${only.join(', ')}; load average ${loadBefore}`);

  if (only.includes('ceiling')) await attempt(run, 'ceiling', () => ceilingScenarios(run, ENV, profile));
  if (only.includes('http')) await attempt(run, 'http', () => httpScenarios(run, ENV, profile));
  if (only.includes('login')) await attempt(run, 'login', () => loginScenarios(run, ENV, profile));
  if (only.includes('sqlite')) {
    const db = sqliteDatabase();
    await attempt(run, 'sqlite', () => storageScenarios(run, db, ENV).finally(() => db.drop()));
    if (!quick) {
      await attempt(run, 'sqlite A/B', () =>
        refreshBaselineScenario(run, 'SQLite', () => Promise.resolve(sqliteDatabase()), ENV, option('baseline')),
      );
    }
  }
  if (only.includes('mariadb')) {
    const base = await mariadbBaseUrl();
    if (base.url) {
      run.log(`MariaDB scenarios on ${base.why}`);
      const db = await mariadbDatabase(base.url);
      await attempt(run, 'mariadb', () => storageScenarios(run, db, ENV).finally(() => db.drop()));
      const url = base.url;
      if (!quick) {
        await attempt(run, 'mariadb A/B', () =>
          refreshBaselineScenario(run, 'MariaDB', () => mariadbDatabase(url), ENV, option('baseline')),
        );
      }
    } else {
      run.log(`MariaDB scenarios skipped: ${base.why}`);
      run.rows.push({ scenario: 'MariaDB scenarios', measure: '', result: base.why, target: '', verdict: 'skipped' });
    }
  }

  if (only.includes('galera')) await attempt(run, 'galera', () => galeraScenarios(run));

  const table = markdownTable(run.rows);
  const loadAfter = load();
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  process.stdout.write(`\n${table}\n\nload average before ${loadBefore}, after ${loadAfter}; ${minutes} min\n`);
  if (!quick && !option('only')) {
    const cpu = cpus();
    const header = [
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${commit()} with`,
      '`npm run bench` on this machine: ' +
        `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version};`,
      `load average (1, 5, 15 min) ${loadBefore} before and ${loadAfter} after the run (${minutes} min).`,
    ].join(' ');
    writeBenchmarks(join(ROOT, 'BENCHMARKS.md'), `${header}\n\n${table}\n`);
    run.log('BENCHMARKS.md updated');
  }
  const broken = run.rows.filter((row) => row.verdict === 'BROKEN');
  if (broken.length > 0) {
    process.stdout.write(`bench: ${broken.length} broken scenario(s)\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
