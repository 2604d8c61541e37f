import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { loadSettings } from '../config/settings';
import { ApiError } from '../http/api.error';
import { RevocationList } from '../sessions/revocation.list';
import { JwtAuthGuard } from './jwt-auth.guard';
import { jwtModuleOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { KeyRing } from './key.ring';
import { TokenVerifier } from './token.verifier';

const SID = 'd'.repeat(32);

/** The guard as TokensModule builds it, on one request object per call. */
function setup() {
  const settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite::memory:',
  });
  const keys = new KeyRing(settings.tokens);
  const jwt = new JwtService(jwtModuleOptions(keys, settings.tokens));
  const revoked = new RevocationList();
  const verifier = new TokenVerifier(jwt, revoked, settings.tokens);
  const guard = new JwtAuthGuard(
    new Reflector(),
    new JwtStrategy(keys, verifier, settings.tokens),
    verifier,
    settings.tokens,
  );
  const token = jwt.sign({
    token_type: 'access',
    exp: Math.floor(Date.now() / 1000) + 300,
    iat: Math.floor(Date.now() / 1000),
    jti: 'e'.repeat(32),
    user_id: 7,
    sid: SID,
  });
  const contextFor = (request: object): ExecutionContext =>
    ({
      getHandler: () => setup,
      getClass: () => JwtAuthGuard,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    }) as unknown as ExecutionContext;
  const call = (request: { headers: object; user?: unknown }) => guard.canActivate(contextFor(request));
  return { token, revoked, call };
}

/** What a call did before returning: answered, threw, or handed back a promise. */
function settle(run: () => unknown): { answered?: unknown; threw?: unknown; promise?: boolean } {
  try {
    const answer = run();
    if (answer instanceof Promise) {
      answer.catch(() => undefined);
      return { promise: true };
    }
    return { answered: answer };
  } catch (error) {
    return { threw: error };
  }
}

describe('JwtAuthGuard', () => {
  it('checks a token through passport once, then answers it from the cache without a promise', async () => {
    const { token, call } = setup();
    const first = { headers: { authorization: `Bearer ${token}` }, user: undefined as unknown };
    await expect(call(first)).resolves.toBe(true);
    expect(first.user).toMatchObject({ id: 7, sessionId: SID });
    const again = { headers: { authorization: `Bearer ${token}` }, user: undefined as unknown };
    expect(settle(() => call(again))).toEqual({ answered: true });
    expect(again.user).toEqual(first.user);
  });

  it("refuses a cached token of a revoked session at once, with the bearer token's 401 body", async () => {
    const { token, revoked, call } = setup();
    await call({ headers: { authorization: `Bearer ${token}` } });
    revoked.add(SID, Date.now() + 60_000);
    const outcome = settle(() => call({ headers: { authorization: `Bearer ${token}` } }));
    expect(outcome.threw).toBeInstanceOf(ApiError);
    expect(outcome.threw).toMatchObject({
      code: 'token_not_valid',
      detail: 'Given token not valid for any token type',
      extra: { messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is blacklisted' }] },
    });
  });
});
