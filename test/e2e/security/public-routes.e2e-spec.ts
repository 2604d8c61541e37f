import { databaseTargets } from '../../support/databases';
import { routesOf, servedRoutes } from '../../support/routes';
import { useTestApp } from '../../support/test-app';

/**
 * Deny by default: this list is the whole public surface. Opening a route shows up here as a
 * diff that a reviewer must accept.
 */
const PUBLIC_ROUTES = [
  'GET /.well-known/jwks.json',
  'GET /.well-known/oauth-authorization-server',
  // The admin console's page and files: static, everything they show comes from the admin API.
  'GET /admin',
  'GET /admin/:file',
  // Swagger UI, its assets and the OpenAPI document: served by Fastify outside the controllers.
  'GET /api/docs',
  'GET /api/docs*',
  'GET /api/docs-json',
  'GET /api/docs/LICENSE',
  'GET /api/docs/docs/swagger-ui-init.js',
  'GET /api/docs/index.html',
  'GET /api/docs/swagger-ui-init.js',
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
  const app = useTestApp(databaseTargets()[0]);

  it('are exactly the known list', () => {
    const controllers = routesOf(app);
    const inControllers = new Set(controllers.map((route) => `${route.method} ${route.path}`));
    // Whatever Fastify serves outside the controllers never meets the guard: it is public.
    const outside = servedRoutes(app).filter((route) => !inControllers.has(route));
    const open = controllers.filter((route) => route.isPublic).map((route) => `${route.method} ${route.path}`);
    expect([...open, ...outside].sort()).toEqual([...PUBLIC_ROUTES].sort());
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
