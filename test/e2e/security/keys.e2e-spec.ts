import { createPublicKey, JsonWebKey, verify as verifySignature, constants } from 'node:crypto';
import { JWT_ALGORITHMS, JwtAlgorithm } from '../../../src/config/environment';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { decodeHeader, decodePayload, signAs, testKey, TestKey } from '../../support/jws';
import { createTestApp, TestApp } from '../../support/test-app';
import { Pair } from '../../support/tokens';

const INVALID = { detail: 'Token is invalid or expired', code: 'token_not_valid' };

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Verifies a token the way a resource server would: with the published JWK alone. */
function verifiesWithJwk(token: string, jwk: JsonWebKey, algorithm: JwtAlgorithm): boolean {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const [header, payload, signature] = token.split('.');
  const hash = `sha${algorithm.slice(2)}`;
  const options = algorithm.startsWith('PS')
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key, dsaEncoding: 'ieee-p1363' as const };
  return verifySignature(hash, Buffer.from(`${header}.${payload}`), options, Buffer.from(signature, 'base64url'));
}

/**
 * What PyJWT's `PyJWKClient.get_signing_key_from_jwt` does: the key whose `kid` is the token's,
 * or an error, even when the set holds a single key.
 */
function signingKeyFromJwt(token: string, jwks: { keys: Array<JsonWebKey & { kid?: string }> }): JsonWebKey {
  const kid = decodeHeader(token).kid;
  const match = jwks.keys.find((jwk) => jwk.kid === kid);
  if (!match) throw new Error(`Unable to find a signing key that matches: ${JSON.stringify(kid ?? 'None')}`);
  return match;
}

describe.each(databaseTargets())('signing keys on $name', (target) => {
  let url: string;
  let drop: () => Promise<void>;
  const apps: TestApp[] = [];

  async function appWith(env: Record<string, string>): Promise<TestApp> {
    const app = await createTestApp(url, { DB_MIGRATE_ON_START: apps.length === 0 ? 'true' : 'false', ...env });
    apps.push(app);
    return app;
  }

  function keyEnv(key: TestKey, extra: Record<string, string> = {}): Record<string, string> {
    return { JWT_ALGORITHM: key.algorithm, JWT_SIGNING_KEY: key.material, ...extra };
  }

  beforeAll(async () => {
    const db = await target.create();
    url = db.url;
    drop = db.drop;
    await createUser(await appWith({}), ALICE);
  });

  // Each test's apps are closed after it: a few at a time, not a dozen open at once.
  afterEach(async () => {
    for (const app of apps.splice(1)) await app.close();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await drop?.();
  });

  const bearer = (app: TestApp, token: string) => app.request().get('/api/me').set('Authorization', `Bearer ${token}`);
  const verify = (app: TestApp, token: string) => app.request().post('/api/token/verify/').send({ token });

  it.each(JWT_ALGORITHMS)('%s signs and verifies end to end, and publishes what verifies it', async (algorithm) => {
    const key = testKey(algorithm);
    const app = await appWith(keyEnv(key));
    const pair = await app.api.loginAs(ALICE);
    // A kid even with one key: JWKS clients select the key by it.
    expect(decodeHeader(pair.access)).toEqual({ alg: algorithm, typ: 'JWT', kid: expect.any(String) });
    expect(decodeHeader(pair.refresh).kid).toBe(decodeHeader(pair.access).kid);

    await bearer(app, pair.access).expect(200);
    await verify(app, pair.access).expect(200, {});
    const rotated = (await app.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(200))
      .body as Pair;
    await bearer(app, rotated.access).expect(200);

    const jwks = (await app.request().get('/.well-known/jwks.json').expect(200)).body as { keys: JsonWebKey[] };
    if (algorithm.startsWith('HS')) {
      expect(jwks).toEqual({ keys: [] });
      return;
    }
    expect(jwks.keys).toHaveLength(1);
    const jwk = signingKeyFromJwt(rotated.access, jwks);
    expect(jwk).toMatchObject({ alg: algorithm, use: 'sig', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(jwk).not.toHaveProperty('d');
    expect(verifiesWithJwk(rotated.access, jwk, algorithm)).toBe(true);
  });

  it.each(['HS256', 'ES256', 'PS256'] as const)(
    '%s: a rotation keeps tokens of the retired key valid, with or without a kid',
    async (algorithm) => {
      const before = testKey(algorithm, true);
      const old = await appWith(keyEnv(before));
      const issuedBefore = await old.api.loginAs(ALICE);
      const oldKid = decodeHeader(issuedBefore.access).kid;
      expect(oldKid).toEqual(expect.any(String));
      // Tokens of releases that wrote no kid under a single key.
      const legacy = signAs(before, decodePayload(issuedBefore.access));

      const after = testKey(algorithm, true);
      const rotatedApp = await appWith(
        keyEnv(after, { JWT_VERIFYING_KEYS: JSON.stringify({ previous: before.material }) }),
      );
      // Issued by the retired key, named by its derived kid or by none: still accepted everywhere.
      await bearer(rotatedApp, issuedBefore.access).expect(200);
      await bearer(rotatedApp, legacy).expect(200);
      await verify(rotatedApp, issuedBefore.access).expect(200);
      await verify(rotatedApp, legacy).expect(200);
      const next = (
        await rotatedApp.request().post('/api/token/refresh/').send({ refresh: issuedBefore.refresh }).expect(200)
      ).body as Pair;
      // New tokens name the new key.
      const kid = decodeHeader(next.access).kid as string;
      expect(kid).toEqual(expect.any(String));
      expect(kid).not.toBe(oldKid);
      expect(decodeHeader(next.refresh).kid).toBe(kid);
      await bearer(rotatedApp, next.access).expect(200);
      // The retired key is also found by the kid it would have had, and by its configured name.
      const claims = decodePayload(next.access);
      await bearer(rotatedApp, signAs(before, claims, { kid: 'previous' })).expect(200);

      const published = (await rotatedApp.request().get('/.well-known/jwks.json').expect(200)).body as {
        keys: Array<{ kid: string }>;
      };
      expect(published.keys.map((jwk) => jwk.kid)).toEqual(algorithm.startsWith('HS') ? [] : [kid, 'previous']);

      // Once the retired key is dropped, its tokens stop working.
      const third = testKey(algorithm, true);
      const later = await appWith(keyEnv(third, { JWT_VERIFYING_KEYS: JSON.stringify({ [kid]: after.material }) }));
      await bearer(later, next.access).expect(200);
      await verify(later, issuedBefore.access).expect(401, INVALID);
      await verify(later, signAs(before, claims)).expect(401, INVALID);
    },
  );

  it('sets and requires iss and aud, and applies the leeway to exp and nbf', async () => {
    const key = testKey('HS256');
    const app = await appWith(
      keyEnv(key, { JWT_ISSUER: 'https://auth.example', JWT_AUDIENCE: 'api.example', JWT_LEEWAY: '30s' }),
    );
    const pair = await app.api.loginAs(ALICE);
    const claims = decodePayload(pair.access);
    expect(claims).toMatchObject({ iss: 'https://auth.example', aud: 'api.example' });
    expect(decodePayload(pair.refresh)).toMatchObject({ iss: 'https://auth.example', aud: 'api.example' });

    const now = nowSeconds();
    // Within the leeway: accepted.
    await bearer(app, signAs(key, { ...claims, exp: now - 20 })).expect(200);
    await bearer(app, signAs(key, { ...claims, nbf: now + 20 })).expect(200);
    await bearer(app, signAs(key, { ...claims, aud: ['other', 'api.example'] })).expect(200);
    // Past it, or without the configured issuer/audience: refused.
    for (const forged of [
      { ...claims, exp: now - 31 },
      { ...claims, nbf: now + 60 },
      { ...claims, iss: undefined },
      { ...claims, aud: undefined },
    ]) {
      await verify(app, signAs(key, forged)).expect(401, INVALID);
    }
  });

  it('refuses a retired key for another algorithm family at boot', async () => {
    const rsa = testKey('RS256');
    await expect(
      createTestApp(url, { ...keyEnv(testKey('ES256')), JWT_VERIFYING_KEYS: JSON.stringify({ old: rsa.material }) }),
    ).rejects.toThrow('JWT_VERIFYING_KEYS["old"]: does not match ES256');
  });
});
