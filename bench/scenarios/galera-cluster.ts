/**
 * `node -r ts-node/register/transpile-only bench/scenarios/galera-cluster.ts [--seconds=N] [--chains=N]`
 *
 * Refresh-with-rotation exchanges per second on a 3-node MariaDB Galera cluster (one server
 * process per node, each chain's exchanges spread round-robin over them) next to the same three
 * server processes on one MariaDB (the local one, or TEST_MYSQL_URL). Needs galera-4 and root.
 * Every exchange must answer 200: a lost or refused rotation makes the run fail.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { galeraMissing, GaleraCluster } from '../../test/cluster/galera';
import { BenchDatabase, mariadbBaseUrl, mariadbDatabase } from '../harness/databases';
import { Chain, openChains } from './refresh';
import { BenchServer, ROOT } from '../harness/server';

const ENV = { ACCESS_TOKEN_LIFETIME: '1h', DB_STATEMENT_TIMEOUT: '15s' };

function option(name: string, fallback: number): number {
  const prefix = `--${name}=`;
  const value = process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
  return value === undefined ? fallback : Number(value);
}

async function exchange(url: string, chain: Chain): Promise<boolean> {
  const response = await fetch(`${url}/api/token/refresh/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh: chain.refresh }),
  });
  if (response.status !== 200) return false;
  chain.refresh = ((await response.json()) as { refresh: string }).refresh;
  return true;
}

/** Every chain exchanges its token in a loop, each time through the next server. */
async function drive(servers: BenchServer[], chains: Chain[], seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    chains.map(async (chain, index) => {
      for (let turn = index; Date.now() < until; turn++) {
        if (await exchange(servers[turn % servers.length].url, chain)) chain.exchanged++;
        else chain.failed++;
      }
    }),
  );
  const failed = chains.reduce((sum, chain) => sum + chain.failed, 0);
  if (failed > 0) throw new Error(`${failed} exchanges failed`);
  return chains.reduce((sum, chain) => sum + chain.exchanged, 0) / seconds;
}

async function measure(label: string, urls: string[], seconds: number, chainCount: number): Promise<string> {
  const databases: BenchDatabase[] = [await mariadbDatabase(urls[0])];
  const servers: BenchServer[] = [];
  try {
    servers.push(await BenchServer.start({ databaseUrl: databases[0].url, env: ENV }));
    for (const url of urls.slice(1)) {
      const onNode = new URL(databases[0].url);
      onNode.host = new URL(url).host;
      servers.push(
        await BenchServer.start({ databaseUrl: onNode.toString(), env: { ...ENV, DB_MIGRATE_ON_START: 'false' } }),
      );
    }
    const chains = (await openChains(databases[0], servers[0].url, `galera_${label.replace(/\W/g, '')}`)).slice(
      0,
      chainCount,
    );
    const rate = await drive(servers, chains, seconds);
    return `| ${label} | ${servers.length} | ${chains.length} | ${rate.toFixed(0)} |`;
  } finally {
    for (const server of servers) await server.stop();
    for (const database of databases) await database.drop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const missing = galeraMissing();
  if (missing) {
    process.stdout.write(`galera bench: SKIPPED - ${missing}\n`);
    return;
  }
  const seconds = option('seconds', 15);
  const chains = option('chains', 32);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT, stdio: 'inherit' });
  const rows = ['| database | servers | chains | rotations/s |', '|---|---|---|---|'];
  const single = await mariadbBaseUrl();
  if (single.url) {
    const base = single.url;
    rows.push(await measure('one MariaDB', [base, base, base], seconds, chains));
  } else {
    rows.push(`| one MariaDB | skipped: ${single.why} | | |`);
  }
  const cluster = await GaleraCluster.start(3);
  try {
    rows.push(
      await measure(
        '3-node Galera',
        cluster.nodes.map((node) => node.url('tokensvc')),
        seconds,
        chains,
      ),
    );
  } finally {
    await cluster.stop();
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
