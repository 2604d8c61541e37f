import { API_CSP, DOCS_CSP } from '../../../src/http/security-headers';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { listen, RawResponse, send, sendRaw } from '../../support/raw-http';
import { useTestApp } from '../../support/test-app';

const ONE_MB_TOKEN = `eyJhbGciOiJIUzI1NiJ9.${'A'.repeat(1024 * 1024)}.sig`;
const JSON_TYPE = 'application/json';

function expectJson(response: RawResponse, status: number, body: Record<string, unknown>): void {
  expect({ status: response.status, body: JSON.parse(response.body) as unknown }).toEqual({ status, body });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
}

describe.each(databaseTargets())('HTTP limits and security headers on $name', (target) => {
  let port: number;
  let access: string;
  useTestApp(target, {}, async (app) => {
    await createUser(app, ALICE);
    access = (await app.api.loginAs(ALICE)).access;
    port = await listen(app);
  });

  it.each([
    ['GET', '/health/live', {}, undefined, 200],
    ['GET', '/.well-known/jwks.json', {}, undefined, 200],
    ['GET', '/api/me', {}, undefined, 401],
    ['GET', '/nowhere', {}, undefined, 404],
    ['DELETE', '/api/me', {}, undefined, 405],
    ['POST', '/api/token/', { 'content-type': 'application/xml' }, '<a/>', 415],
    ['POST', '/api/token/', { 'content-type': JSON_TYPE }, '{', 400],
    ['POST', '/api/token/', { 'content-type': JSON_TYPE }, JSON.stringify({ username: 'x'.repeat(70000) }), 413],
  ] as Array<[string, string, Record<string, string>, string | undefined, number]>)(
    '%s %s (%#) carries the security headers',
    async (method, path, headers, body, status) => {
      const response = await send(port, method, path, headers, body);
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject({
        'content-security-policy': API_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it.each([
    ['/api/token/', 'POST'],
    ['/api/token/refresh/', 'POST'],
    ['/oauth/token', 'POST'],
    ['/api/me/password', 'POST'],
    ['/api/admin/users/1', 'PATCH'],
  ])(
    'refuses JSON nested deeper than 32 levels in %s with 400 parse_error, before validation',
    async (path, method) => {
      const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const body of [nested(3000), nested(33), `{"username":${nested(40)},"password":"x"}`]) {
        const response = await send(port, method, path, { 'content-type': JSON_TYPE }, body);
        expectJson(response, 400, { detail: 'JSON parse error - nested deeper than 32 levels', code: 'parse_error' });
      }
      // 32 levels are still JSON like any other: validation answers them.
      const shallow = await send(port, method, path, { 'content-type': JSON_TYPE }, `{"a":${nested(31)}}`);
      expect(JSON.parse(shallow.body)).not.toMatchObject({ code: 'parse_error' });
      expect(shallow.status).toBeLessThan(500);
      // Brackets inside strings are text, not nesting.
      const text = await send(
        port,
        'POST',
        '/api/token/',
        { 'content-type': JSON_TYPE },
        JSON.stringify({ username: '['.repeat(100), password: 'x' }),
      );
      expect(text.status).toBe(401);
    },
  );

  it('carries them on a valid authenticated answer too, and relaxes the CSP for /api/docs only', async () => {
    const me = await send(port, 'GET', '/api/me', { authorization: `Bearer ${access}` });
    expect(me.status).toBe(200);
    expect(me.headers['content-security-policy']).toBe(API_CSP);
    const docs = await send(port, 'GET', '/api/docs');
    expect(docs.headers['content-security-policy']).toBe(DOCS_CSP);
    const lookalike = await send(port, 'GET', '/api/docsX');
    expect(lookalike.headers['content-security-policy']).toBe(API_CSP);
  });

  it('answers a 1 MB token in a header with a JSON 431, every time, and keeps serving', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await send(port, 'GET', '/api/me', { authorization: `Bearer ${ONE_MB_TOKEN}` });
      expectJson(response, 431, { detail: 'Request header fields are too large.', code: 'headers_too_large' });
      expect(response.headers).toMatchObject({
        'content-security-policy': API_CSP,
        'x-content-type-options': 'nosniff',
      });
    }
    const justOver = await send(port, 'GET', '/api/me', { authorization: `Bearer ${'a'.repeat(17 * 1024)}` });
    expect(justOver.status).toBe(431);
    expect((await send(port, 'GET', '/api/me', { authorization: `Bearer ${access}` })).status).toBe(200);
  });

  it('answers a token over 8 KiB that fits in a header with 401 token_not_valid', async () => {
    const response = await send(port, 'GET', '/api/me', { authorization: `Bearer ${'a'.repeat(9000)}` });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'token_not_valid' });
  });

  it.each(['/api/token/verify/', '/api/token/refresh/', '/api/token/blacklist/'])(
    'answers a 1 MB token in a body to %s with a JSON 413',
    async (path) => {
      const field = path.includes('verify') ? 'token' : 'refresh';
      const json = await send(
        port,
        'POST',
        path,
        { 'content-type': JSON_TYPE },
        JSON.stringify({ [field]: ONE_MB_TOKEN }),
      );
      expectJson(json, 413, { detail: 'Request body is too large.', code: 'payload_too_large' });
      const form = await send(
        port,
        'POST',
        path,
        { 'content-type': 'application/x-www-form-urlencoded' },
        `${field}=${ONE_MB_TOKEN}`,
      );
      expectJson(form, 413, { detail: 'Request body is too large.', code: 'payload_too_large' });
    },
  );

  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /api/me HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    ['a bad Content-Length', 'POST /api/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'],
  ])('answers %s with a JSON 400 and the security headers', async (_name, bytes) => {
    const raw = await sendRaw(port, bytes);
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain(`Content-Security-Policy: ${API_CSP}\r\n`);
    expect(raw).toContain('X-Content-Type-Options: nosniff\r\n');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      detail: 'Malformed request.',
      code: 'parse_error',
    });
  });

  it('answers a path that is not valid percent-encoded UTF-8 with a JSON 400, and an overlong id with a 404', async () => {
    const bad = await send(port, 'GET', '/api/%C0%AF');
    expectJson(bad, 400, { detail: 'Malformed request.', code: 'parse_error' });
    expect(bad.headers['content-security-policy']).toBe(API_CSP);
    const overlong = await send(port, 'GET', `/api/admin/users/${'1'.repeat(300)}`, {
      authorization: `Bearer ${access}`,
    });
    expectJson(overlong, 404, { detail: 'Not found.', code: 'not_found' });
  });

  it('sends one answer only when a closing request is refused before its body was read', async () => {
    // A body without Content-Length (as Node's client sends one with DELETE) after a
    // `Connection: close` request is "data after close" to Node's parser: an error, which must
    // not produce a second response on the stream that already carries the first.
    const raw = await sendRaw(port, 'DELETE /%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\npassword=x');
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('answers a missing file under a route of the same method with 404, not 405', async () => {
    const missing = await send(port, 'GET', '/api/docs/no-such-file.js');
    expect(missing.status).toBe(404);
    const wrongMethod = await send(port, 'DELETE', '/api/me');
    expect(wrongMethod.status).toBe(405);
  });
});
