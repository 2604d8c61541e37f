import fc from 'fast-check';
import { createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { listen, RawResponse, send } from '../../support/raw-http';
import { useTestApp } from '../../support/test-app';

import { FuzzRequest, fuzzRequest, parseRoutes, Route } from './fuzz.arbitraries';

/** Fixed: a failure found in CI is the same failure on every machine. */
const SEED = 20261128;
/** 3000 on SQLite, which every run has; MariaDB, when there, adds 1000 more through its own driver. */
const RUNS: Record<string, number> = { sqlite: 3000, mysql: 1000 };

/** Answers that are not JSON by design: the metrics exposition and the Swagger UI. */
function mayBeOtherThanJson(request: FuzzRequest, response: RawResponse): boolean {
  const path = request.path.split('?')[0];
  if (response.status < 400 && /^\/+metrics\/*$/.test(path)) return true;
  // The admin console's page, script and style files.
  if (response.status < 400 && /^\/+admin(?:\/|$)/.test(path)) return true;
  return response.status < 400 && /^\/+api\/+docs/.test(path);
}

function problemWith(request: FuzzRequest, response: RawResponse): string | null {
  if (response.status >= 500) return `status ${response.status}: ${response.body.slice(0, 300)}`;
  if (request.method === 'HEAD' || response.status === 204 || response.status === 304) return null;
  if (mayBeOtherThanJson(request, response)) return null;
  if (!/^application\/json/.test(String(response.headers['content-type']))) {
    return `content-type ${String(response.headers['content-type'])}: ${response.body.slice(0, 200)}`;
  }
  try {
    JSON.parse(response.body);
    return null;
  } catch {
    return `body is not JSON: ${response.body.slice(0, 200)}`;
  }
}

describe.each(databaseTargets())('random requests on $name', (target) => {
  let port: number;
  let routes: Route[];
  const app = useTestApp(target, { REFRESH_COOKIE: 'true' }, async (app) => {
    await createUser(app, { username: 'alice', password: 'fuzz-user-pass' });
    await createUser(app, { username: 'root', password: 'fuzz-user-pass', isStaff: true });
    routes = parseRoutes(app.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false }));
    port = await listen(app);
  });

  it(`answers ${RUNS[target.name]} random requests (seed ${SEED}) without a 5xx, always in JSON, and stays up`, async () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const user = await app.api.loginAs({ username: 'alice', password: 'fuzz-user-pass' });
    const staff = await app.api.loginAs({ username: 'root', password: 'fuzz-user-pass' });
    // Cookie mode: the refresh token comes in the cookie only.
    const cookies = ([] as string[]).concat(
      (await app.request().post('/api/token/').send({ username: 'alice', password: 'fuzz-user-pass' })).headers[
        'set-cookie'
      ] ?? [],
    );
    const refresh =
      cookies
        .find((cookie) => cookie.startsWith('refresh_token='))
        ?.split(';')[0]
        .slice(14) ?? '';
    expect(refresh).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const tokens = { access: user.access, refresh, staffAccess: staff.access };
    const hit = new Set<string>();
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(fuzzRequest(routes, tokens), async (request) => {
        const response = await send(port, request.method, request.path, request.headers, request.body);
        if (request.route) hit.add(request.route);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const problem = problemWith(request, response);
        if (problem) throw new Error(`${request.method} ${request.path}: ${problem}`);
      }),
      { seed: SEED, numRuns: RUNS[target.name], endOnFailure: true },
    );

    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(RUNS[target.name]);
    expect(routes.map((route) => route.path).filter((path) => !hit.has(path))).toEqual([]);
    // The requests reached the application, not only its error paths.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(RUNS[target.name] / 100);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(RUNS[target.name] / 100);
    expect((await send(port, 'GET', '/health/live')).status).toBe(200);
    await app.api.loginAs({ username: 'alice', password: 'fuzz-user-pass' });
  }, 180_000);
});
