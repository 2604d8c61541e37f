import { databaseTargets } from './helpers/databases';
import { routesOf } from './helpers/routes';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Deny by default: this list is the whole public surface. Opening a route shows up here as a
 * diff that a reviewer must accept.
 */
const PUBLIC_ROUTES = [
  'GET /.well-known/jwks.json',
  'GET /.well-known/oauth-authorization-server',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /api/token',
  'POST /api/token/blacklist',
  'POST /api/token/refresh',
  'POST /api/token/sliding',
  'POST /api/token/sliding/refresh',
  'POST /api/token/verify',
  'POST /oauth/revoke',
  'POST /oauth/token',
];

describe('public routes', () => {
  let app: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await databaseTargets()[0].create();
    drop = db.drop;
    app = await createTestApp(db.url);
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('are exactly the known list', () => {
    const open = routesOf(app)
      .filter((route) => route.isPublic)
      .map((route) => `${route.method} ${route.path}`);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route answers 401 without a token', async () => {
    const guarded = routesOf(app).filter((route) => !route.isPublic);
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const path = route.path.replace(/:id/g, '1');
      const response = await app.request()[route.method.toLowerCase() as 'get'](path);
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.body).toEqual({
        detail: 'Authentication credentials were not provided.',
        code: 'not_authenticated',
      });
    }
  });
});
