import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { join } from 'node:path';
import { sqliteDatabase } from '../harness/databases';
import { failuresOf, load, median } from '../harness/load';
import { fixed, perSecond, Row, Run, verdict } from '../harness/report';
import { login, mintAccessTokens, seedUsers } from '../harness/seed';
import { BenchServer, ROOT } from '../harness/server';

const CONNECTIONS = 64;
const DISTINCT_TOKENS = 1000;
const PASSWORD = 'bench-password-1';

/** One autocannon run and the server CPU it cost, per request. */
interface Shot {
  perSecond: number;
  /** Server CPU (user + system) per answered request, in microseconds. */
  cpuMicros: number;
  failures: number;
}

interface Route {
  name: string;
  requests: Request[];
  /** req/s of the service at its defaults over the bare app's. */
  target: number;
  /** Server CPU per request over the bare app's, where the issue sets one. */
  cpuTarget?: number;
}

async function shot(server: BenchServer, requests: Request[], duration: number): Promise<Shot> {
  const before = server.cpuSeconds();
  const result = await load({ url: server.url, connections: CONNECTIONS, duration, requests });
  const cpu = server.cpuSeconds() - before;
  return {
    perSecond: result.perSecond,
    cpuMicros: (cpu * 1e6) / Math.max(1, result.requests),
    failures: failuresOf(result),
  };
}

const micros = (value: number): string => `${Math.round(value)} us`;

/**
 * Every HTTP scenario against its ceiling: a bare Nest + Fastify app with one `@Get`
 * (bench/probes/bare-nest.js) started beside the service, the bare run and the service runs
 * alternating round by round. The service runs at its defaults (LOG_LEVEL=info, access log on)
 * and, as a second line, at LOG_LEVEL=warn. Two ratios: req/s (compressed when the machine is
 * busy, since both sides lose the same cores) and server CPU per request from /proc (steadier).
 */
export async function ceilingScenarios(run: Run, env: Record<string, string>, profileDir?: string): Promise<void> {
  const db = sqliteDatabase();
  const servers: BenchServer[] = [];
  try {
    const bare = await BenchServer.start({
      databaseUrl: db.url,
      env,
      entry: [join(ROOT, 'bench', 'probes', 'bare-nest.js')],
    });
    servers.push(bare);
    const info = await BenchServer.start({
      databaseUrl: db.url,
      env: { ...env, LOG_LEVEL: 'info' },
      cpuProfileDir: profileDir,
    });
    servers.push(info);
    // The same database file: the schema is there already, the seeded user and tokens serve both.
    const warn = await BenchServer.start({ databaseUrl: db.url, env: { ...env, LOG_LEVEL: 'warn' } });
    servers.push(warn);

    await seedUsers(db, 'bench-ceiling', 1, await hash(PASSWORD, 4));
    const template = await login(info.url, 'bench-ceiling-0', PASSWORD);
    const tokens = [template.access, ...mintAccessTokens(template.access, DISTINCT_TOKENS - 1)];
    const routes: Route[] = [
      {
        name: 'GET /health/live (public, not access-logged)',
        requests: [{ method: 'GET', path: '/health/live' }],
        target: 0.85,
      },
      {
        name: `guarded GET /api/me (${DISTINCT_TOKENS} distinct tokens)`,
        requests: tokens.map((token) => ({
          method: 'GET',
          path: '/api/me',
          headers: { authorization: `Bearer ${token}` },
        })),
        target: 0.6,
        cpuTarget: 2.5,
      },
      {
        name: `POST /api/token/verify/ (${DISTINCT_TOKENS} distinct access tokens)`,
        requests: tokens.map((token) => ({
          method: 'POST',
          path: '/api/token/verify/',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        })),
        target: 0.45,
      },
    ];
    const ceilingRequests: Request[] = [{ method: 'GET', path: '/health/live' }];
    const rounds = run.quick ? 1 : 3;
    const duration = run.quick ? 2 : 8;
    const warmup = run.quick ? 1 : 3;

    for (const route of routes) {
      for (const [server, requests] of [
        [bare, ceilingRequests],
        [info, route.requests],
        [warn, route.requests],
      ] as const) {
        await load({ url: server.url, connections: CONNECTIONS, duration: warmup, requests });
      }
      const sides: Record<'bare' | 'info' | 'warn', Shot[]> = { bare: [], info: [], warn: [] };
      for (let round = 0; round < rounds; round++) {
        sides.bare.push(await shot(bare, ceilingRequests, duration));
        sides.info.push(await shot(info, route.requests, duration));
        sides.warn.push(await shot(warn, route.requests, duration));
      }
      const failed = [...sides.bare, ...sides.info, ...sides.warn].reduce((sum, s) => sum + s.failures, 0);
      if (failed > 0) run.broken(`ceiling: ${route.name}`, `${failed} requests did not answer 200`);
      const rate = (side: Shot[]) => median(side.map((s) => s.perSecond));
      const cpu = (side: Shot[]) => median(side.map((s) => s.cpuMicros));
      run.log(
        `ceiling ${route.name}: bare ${sides.bare.map((s) => `${perSecond(s.perSecond)} ${micros(s.cpuMicros)}`).join(', ')}; ` +
          `info ${sides.info.map((s) => `${perSecond(s.perSecond)} ${micros(s.cpuMicros)}`).join(', ')}; ` +
          `warn ${sides.warn.map((s) => `${perSecond(s.perSecond)} ${micros(s.cpuMicros)}`).join(', ')}`,
      );
      for (const level of ['info', 'warn'] as const) {
        const ratio = rate(sides[level]) / rate(sides.bare);
        const cpuRatio = cpu(sides[level]) / cpu(sides.bare);
        const atDefaults = level === 'info';
        const met =
          verdict(ratio, '>=', route.target) === 'met' &&
          (route.cpuTarget === undefined || verdict(cpuRatio, '<=', route.cpuTarget) === 'met');
        const row: Row = {
          scenario:
            `${route.name}, ${atDefaults ? 'defaults (LOG_LEVEL=info, access log on)' : 'LOG_LEVEL=warn'}, ` +
            `vs bare Nest+Fastify GET, ${CONNECTIONS} connections`,
          measure: 'req/s ratio; server CPU per request ratio (medians of rounds)',
          result:
            `${fixed(ratio)} (${perSecond(rate(sides[level]))} vs ${perSecond(rate(sides.bare))}); ` +
            `CPU ${fixed(cpuRatio, 1)}x (${micros(cpu(sides[level]))} vs ${micros(cpu(sides.bare))})`,
          target: atDefaults
            ? `>= ${route.target}${route.cpuTarget === undefined ? '' : `; CPU <= ${route.cpuTarget}x`}`
            : 'report',
          verdict: atDefaults ? (met ? 'met' : 'MISSED') : 'report',
        };
        run.rows.push(row);
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    await db.drop();
  }
}
