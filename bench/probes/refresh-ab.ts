/**
 * A/B of refresh with rotation for two builds of the service, each on a database of its own:
 * `node -r ts-node/register/transpile-only bench/probes/refresh-ab.ts <sqlite|mariadb> <rounds>
 * <exchanges per connection> <A main.js> <B main.js> [profile DIR]`. The full bench runs the
 * same comparison against a build of the commit before rotation became one transaction.
 */
import { BenchDatabase, mariadbBaseUrl, mariadbDatabase, sqliteDatabase } from '../harness/databases';
import { compareRefresh } from '../scenarios/refresh-baseline';

async function database(engine: string): Promise<BenchDatabase> {
  if (engine === 'sqlite') return sqliteDatabase();
  const base = await mariadbBaseUrl();
  if (!base.url) throw new Error(base.why);
  return mariadbDatabase(base.url);
}

async function main(): Promise<void> {
  const [engine = 'mariadb', rounds = '3', perConnection = '200', entryA, entryB, profileDir] = process.argv.slice(2);
  if (!entryA || !entryB)
    throw new Error('usage: refresh-ab.ts <sqlite|mariadb> <rounds> <per connection> <A> <B> [DIR]');
  const dbs = [await database(engine), await database(engine)];
  try {
    const sides = [entryA, entryB].map((entry, i) => ({
      name: 'AB'[i],
      entry,
      db: dbs[i],
      cpuProfileDir: profileDir ? `${profileDir}/${'AB'[i]}` : undefined,
    }));
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const [a, b] = await compareRefresh(
      sides,
      { ACCESS_TOKEN_LIFETIME: '1h' },
      Number(rounds),
      Number(perConnection),
      log,
    );
    for (const side of [a, b])
      if (side.problems.length > 0) log(`${side.name}: ${side.problems.length} problems: ${side.problems[0]}`);
    log(
      `refresh on ${engine}: A ${Math.round(a.perSecond)}/s ${Math.round(a.cpuMicros)} us; B ${Math.round(b.perSecond)}/s ` +
        `${Math.round(b.cpuMicros)} us; B/A exchanges/s ${(b.perSecond / a.perSecond).toFixed(2)}, CPU ${(b.cpuMicros / a.cpuMicros).toFixed(2)}`,
    );
  } finally {
    for (const db of dbs) await db.drop();
  }
}

void main();
