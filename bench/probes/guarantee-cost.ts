/**
 * What the service's documented guarantees cost on the bare framework, each alone: the ceiling's
 * bare app, then the same app with the security headers, with the request store, with the
 * request logger and access line, and with all three (`bare-nest.js` with `PLUS`), beside the service's own
 * `GET /health/live`. `node -r ts-node/register/transpile-only bench/probes/guarantee-cost.ts
 * <rounds> <seconds>` after `npm run build`.
 *
 * Every server runs on the second core and autocannon on the first. Each round loads every
 * server once, in an order that rotates from round to round, and each server's CPU per request
 * is divided by the bare app's in the same round; the medians of those paired ratios are
 * printed. On this machine the CPU per request of the same server moves by a third from one
 * minute to the next, and a paired ratio cancels most of that.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sqliteDatabase } from '../harness/databases';
import { load, median } from '../harness/load';
import { BenchServer } from '../harness/server';

const PROBE = join(__dirname, 'bare-nest.js');

interface Variant {
  name: string;
  entry?: string;
  plus?: string;
  path: string;
}

const VARIANTS: Variant[] = [
  { name: 'bare Nest + Fastify', entry: PROBE, plus: '', path: '/api/probe' },
  { name: '+ security headers', entry: PROBE, plus: 'headers', path: '/api/probe' },
  { name: '+ request store (reqId on Nest lines)', entry: PROBE, plus: 'store', path: '/api/probe' },
  { name: '+ request logger and access line', entry: PROBE, plus: 'log', path: '/api/probe' },
  { name: '+ all three', entry: PROBE, plus: 'headers,store,log', path: '/api/probe' },
  { name: '+ all three, on a path without access line', entry: PROBE, plus: 'headers,store,log', path: '/health/live' },
  { name: 'the service, GET /health/live', path: '/health/live' },
];

async function main(): Promise<void> {
  const [rounds = '12', seconds = '4'] = process.argv.slice(2);
  const db = sqliteDatabase();
  const servers: BenchServer[] = [];
  try {
    for (const variant of VARIANTS) {
      servers.push(
        await BenchServer.start({
          databaseUrl: db.url,
          env: { LOG_LEVEL: 'info', PLUS: variant.plus ?? '' },
          ...(variant.entry ? { entry: [variant.entry] } : {}),
        }),
      );
    }
    for (const server of servers) execFileSync('taskset', ['-a', '-p', '-c', '1', String(server.pid)]);
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
    const cpu: number[][] = VARIANTS.map(() => []);
    // Round -1 warms every server up and is not counted.
    for (let round = -1; round < Number(rounds); round++) {
      for (let k = 0; k < servers.length; k++) {
        const i = (k + Math.max(round, 0)) % servers.length;
        const before = servers[i].cpuSeconds();
        const result = await load({
          url: servers[i].url,
          connections: 64,
          duration: round < 0 ? 2 : Number(seconds),
          requests: [{ method: 'GET', path: VARIANTS[i].path }],
        });
        if (result.statuses['200'] !== result.requests) throw new Error(`${VARIANTS[i].name}: not all 200`);
        if (round >= 0) cpu[i].push(((servers[i].cpuSeconds() - before) * 1e6) / result.requests);
      }
    }
    process.stdout.write('| server | CPU per request (median) | vs bare, paired per round (median) |\n|---|---|---|\n');
    VARIANTS.forEach((variant, i) => {
      const paired = median(cpu[i].map((value, round) => value / cpu[0][round]));
      process.stdout.write(`| ${variant.name} | ${median(cpu[i]).toFixed(1)} us | ${paired.toFixed(2)} |\n`);
    });
  } finally {
    for (const server of servers) await server.stop();
    await db.drop();
  }
}

void main();
