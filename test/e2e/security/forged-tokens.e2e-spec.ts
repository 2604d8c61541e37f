import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'supertest';
import { TOKEN_MESSAGES } from '../../../src/http/token.error';
import { JwtAlgorithm } from '../../../src/config/environment';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { decodePayload, signAs, testKey } from '../../support/jws';
import { useTestApp } from '../../support/test-app';

import { Endpoint, FORGERIES, ForgeryContext } from './forgeries';

const ALGORITHMS: JwtAlgorithm[] = ['HS256', 'ES256'];
const LEEWAY_SECONDS = 5;
const ENDPOINTS: readonly Endpoint[] = ['me', 'verify', 'refresh'];
const CASES = FORGERIES.flatMap((forgery) =>
  (forgery.endpoints ?? ENDPOINTS).map((endpoint) => ({ ...forgery, endpoint })),
);

/** SimpleJWT checks the user after the token: a token naming none gets the plain body there too. */
const PLAIN_MESSAGES: readonly string[] = [TOKEN_MESSAGES.noUser, TOKEN_MESSAGES.noSession];

function expectedBody(endpoint: Endpoint, message: string): Record<string, unknown> {
  if (endpoint !== 'me' || PLAIN_MESSAGES.includes(message)) return { detail: message, code: 'token_not_valid' };
  return {
    detail: 'Given token not valid for any token type',
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  };
}

/** A server that records every request: jku/x5u must never make us call it. */
function startListener(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.end('{"keys":[]}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe.each(ALGORITHMS)('forged tokens under %s', (algorithm) => {
  describe.each(databaseTargets())('on $name', (target) => {
    let listener: { server: Server; url: string; hits: string[] };
    let context: ForgeryContext;
    const server = testKey(algorithm);
    const app = useTestApp(target, {
      JWT_ALGORITHM: algorithm,
      JWT_SIGNING_KEY: server.material,
      JWT_ISSUER: 'https://auth.example',
      JWT_AUDIENCE: 'api.example',
      JWT_LEEWAY: `${LEEWAY_SECONDS}s`,
    });

    beforeAll(async () => {
      listener = await startListener();
      await createUser(app, ALICE);
      const attacker = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      context = {
        server,
        publicKey: server.publicKey ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey,
        attacker,
        listenerUrl: listener.url,
        leewaySeconds: LEEWAY_SECONDS,
        issued: await app.api.loginAs(ALICE),
      };
    });

    afterAll(async () => {
      await new Promise((resolve) => listener?.server.close(resolve));
    });

    function send(endpoint: Endpoint, token: string): Test {
      if (endpoint === 'me') return app.request().get('/api/me').set('Authorization', `Bearer ${token}`);
      const path = endpoint === 'verify' ? '/api/token/verify/' : '/api/token/refresh/';
      return app
        .request()
        .post(path)
        .send(endpoint === 'verify' ? { token } : { refresh: token });
    }

    it('has at least 40 distinct forgeries', () => {
      expect(new Set(FORGERIES.map((forgery) => forgery.name)).size).toBeGreaterThanOrEqual(40);
    });

    it.each(CASES)('$name -> $endpoint: 401 token_not_valid', async (forgery) => {
      const base = forgery.endpoint === 'refresh' ? context.issued.refresh : context.issued.access;
      const token = forgery.forge(context, decodePayload(base));
      const response = await send(forgery.endpoint, token);
      expect({ status: response.status, body: response.body as unknown }).toEqual({
        status: 401,
        body: expectedBody(forgery.endpoint, forgery.message ?? TOKEN_MESSAGES.invalid),
      });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('refuses a 1 MB token as JSON: 431 in a header, 413 in a body', async () => {
      const huge = `${context.issued.access}${'A'.repeat(1024 * 1024)}`;
      const header = await app.request().get('/api/me').set('Authorization', `Bearer ${huge}`);
      expect({ status: header.status, body: header.body as unknown }).toEqual({
        status: 431,
        body: { detail: 'Request header fields are too large.', code: 'headers_too_large' },
      });
      for (const endpoint of ['verify', 'refresh'] as const) {
        const response = await send(endpoint, huge);
        expect({ status: response.status, body: response.body as unknown }).toEqual({
          status: 413,
          body: { detail: 'Request body is too large.', code: 'payload_too_large' },
        });
      }
    });

    it('never fetched anything from jku/x5u, and the genuine tokens still work', async () => {
      expect(listener.hits).toEqual([]);
      await send('me', context.issued.access).expect(200);
      await send('verify', context.issued.access).expect(200, {});
      await send('refresh', context.issued.refresh).expect(200);
    });
  });
});

describe.each(databaseTargets())('token types in sliding mode on $name', (target) => {
  let pair: { access: string; refresh: string };
  let sliding: string;
  const app = useTestApp(target, { SLIDING_TOKENS: 'true' }, async (app) => {
    await createUser(app, ALICE);
    pair = await app.api.loginAs(ALICE);
    const response = await app.request().post('/api/token/sliding/').send(ALICE).expect(200);
    sliding = (response.body as { token: string }).token;
  });

  const wrongType = { detail: TOKEN_MESSAGES.wrongType, code: 'token_not_valid' };
  const slidingRefresh = (token: string) => app.request().post('/api/token/sliding/refresh/').send({ token });

  it('refuses an access or a refresh token where a sliding one is expected', async () => {
    await slidingRefresh(pair.access).expect(401, wrongType);
    await slidingRefresh(pair.refresh).expect(401, wrongType);
  });

  it('refuses a sliding token where a refresh token is expected', async () => {
    await app.request().post('/api/token/refresh/').send({ refresh: sliding }).expect(401, wrongType);
    await app.request().post('/api/token/blacklist/').send({ refresh: sliding }).expect(401, wrongType);
  });

  it('accepts sliding tokens as access but still refuses refresh tokens', async () => {
    await app.request().get('/api/me').set('Authorization', `Bearer ${sliding}`).expect(200);
    const response = await app.request().get('/api/me').set('Authorization', `Bearer ${pair.refresh}`).expect(401);
    expect(response.body).toEqual(expectedBody('me', TOKEN_MESSAGES.wrongType));
  });

  it('refuses forged sliding tokens: unsigned, or signed by another key', async () => {
    const claims = decodePayload(sliding);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const attacker = testKey('HS256');
    for (const token of [unsigned, signAs(attacker, claims)]) {
      await slidingRefresh(token).expect(401, { detail: TOKEN_MESSAGES.invalid, code: 'token_not_valid' });
    }
  });
});
