import { DOCS_CSP } from '../../../src/http/security-headers';
import { databaseTargets } from '../../support/databases';
import { routesOf } from '../../support/routes';
import { useTestApp } from '../../support/test-app';

interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description: string; content?: Record<string, Media> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
}

/** Every operation of the document, as `METHOD /path` with Nest's `:param` syntax. */
function operations(document: OpenApi): Array<{ route: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      operation,
    })),
  );
}

/** Whether a media object shows an example: its own, or one on each property of its schema. */
function hasExample(document: OpenApi, media: Media): boolean {
  if (media.example !== undefined || media.examples !== undefined) return true;
  const schema = media.schema ?? {};
  if (schema.example !== undefined) return true;
  const inline = Object.values((schema.properties ?? {}) as Record<string, { example?: unknown }>);
  if (inline.some((property) => property.example !== undefined)) return true;
  const items = schema.items as Record<string, unknown> | undefined;
  const ref = (schema.$ref ?? items?.$ref) as string | undefined;
  if (ref === undefined) return false;
  const properties = document.components.schemas[ref.split('/').pop() ?? '']?.properties ?? {};
  return Object.values(properties).some((property) => property.example !== undefined);
}

// The document depends on the code, not on the database: SQLite is enough.
describe('OpenAPI document and Swagger UI', () => {
  let document: OpenApi;
  const app = useTestApp(databaseTargets()[0], {}, async (app) => {
    const response = await app.request().get('/api/docs-json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    document = response.body as OpenApi;
  });

  it('documents exactly the routes the application serves', () => {
    const documented = operations(document).map(({ route }) => route);
    const served = routesOf(app).map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('declares the bearer scheme on exactly the routes that need a token', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components).toMatchObject({
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    });
    const guarded = new Set(
      routesOf(app).flatMap((route) => (route.isPublic ? [] : [`${route.method} ${route.path}`])),
    );
    for (const { route, operation } of operations(document)) {
      const bearer = (operation.security ?? []).some((requirement) => 'bearer' in requirement);
      expect({ route, bearer }).toEqual({ route, bearer: guarded.has(route) });
      if (guarded.has(route)) expect({ route, has401: '401' in operation.responses }).toEqual({ route, has401: true });
    }
  });

  it('gives every route a summary, a tag, a success response and schemas with examples', () => {
    for (const { route, operation } of operations(document)) {
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
      expect({ route, tagged: (operation.tags ?? []).length > 0 }).toEqual({ route, tagged: true });
      const statuses = Object.keys(operation.responses);
      expect({ route, success: statuses.some((status) => /^2/.test(status)) }).toEqual({ route, success: true });
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect({ route, body: media.schema !== undefined }).toEqual({ route, body: true });
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          expect({ route, status, example: hasExample(document, media) }).toEqual({ route, status, example: true });
        }
      }
    }
  });

  it('documents every error body', () => {
    const schemas = document.components.schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['ErrorBody', 'TokenErrorBody', 'OAuthErrorBody']));
    const login = document.paths['/api/token'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '415', '429']));
    expect(login.responses['401'].content?.['application/json']).toMatchObject({
      example: { detail: 'No active account found with the given credentials', code: 'no_active_account' },
    });
    expect(login.requestBody?.content).toHaveProperty('application/x-www-form-urlencoded');
    const users = document.paths['/api/admin/users'].get;
    expect(Object.keys(users.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(document.paths['/oauth/token'].post.responses)).toEqual(expect.arrayContaining(['200', '400']));
  });

  it('serves Swagger UI and its assets under a CSP that lets them load', async () => {
    const page = await app.request().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await app.request().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('/api/token/refresh');
    await app.request().get('/api/docs/swagger-ui-bundle.js').expect(200);
    await app.request().get('/api/docs/swagger-ui.css').expect(200);
  });
});
