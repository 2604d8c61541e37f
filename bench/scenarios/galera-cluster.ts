/**
 * `npm run bench -- --only=galera` (part of every full run).
 *
 * Refresh-with-rotation exchanges per second on a 3-node MariaDB Galera cluster (one server
 * process per node, each chain's exchanges spread round-robin over them) next to the same three
 * server processes on one MariaDB (the local one, or TEST_MYSQL_URL). Needs galera-4 and root.
 * Every exchange must answer 200: a lost or refused rotation makes the run fail.
 */
import { galeraMissing, GaleraCluster } from '../../test/cluster/galera';
import { BenchDatabase, mariadbBaseUrl, mariadbDatabase } from '../harness/databases';
import { Chain, openChains } from './refresh';
import { perSecond, Run } from '../harness/report';
import { BenchServer } from '../harness/server';

const ENV = { ACCESS_TOKEN_LIFETIME: '1h', DB_STATEMENT_TIMEOUT: '15s' };

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

async function measure(label: string, urls: string[], seconds: number, chainCount: number): Promise<number> {
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
    return await drive(servers, chains, seconds);
  } finally {
    for (const server of servers) await server.stop();
    for (const database of databases) await database.drop().catch(() => undefined);
  }
}

/**
 * Refresh with rotation round-robin over three servers: on one MariaDB, then each on its own node
 * of a 3-node Galera cluster. Both are reported; a lost or refused rotation breaks the scenario.
 */
export async function galeraScenarios(run: Run): Promise<void> {
  const missing = galeraMissing();
  if (missing) {
    run.log(`Galera scenario skipped: ${missing}`);
    run.rows.push({ scenario: 'Galera cluster', measure: '', result: missing, target: '', verdict: 'skipped' });
    return;
  }
  const seconds = run.quick ? 3 : 15;
  const chains = run.quick ? 8 : 32;
  const measureLabel = `refresh with rotation, ${chains} chains round-robin over 3 servers`;
  const single = await mariadbBaseUrl();
  if (single.url) {
    const base = single.url;
    const rate = await measure('one MariaDB', [base, base, base], seconds, chains);
    run.rows.push({
      scenario: 'one MariaDB',
      measure: measureLabel,
      result: perSecond(rate),
      target: 'report',
      verdict: 'report',
    });
  }
  const cluster = await GaleraCluster.start(3);
  try {
    const urls = cluster.nodes.map((node) => node.url('tokensvc'));
    const rate = await measure('3-node Galera', urls, seconds, chains);
    run.rows.push({
      scenario: '3-node Galera',
      measure: measureLabel,
      result: perSecond(rate),
      target: 'report',
      verdict: 'report',
    });
  } finally {
    await cluster.stop();
  }
}
