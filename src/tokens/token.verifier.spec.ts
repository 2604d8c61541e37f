import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { tokensConfig } from '../config/configuration';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { RevocationList } from '../sessions/revocation.list';
import { MAX_TOKEN_LENGTH } from './key.ring';
import { TokenVerifier } from './token.verifier';

const SID = 'c'.repeat(32);

function setup(): { verifier: TokenVerifier; jwt: JwtService; revoked: RevocationList } {
  const jwt = new JwtService({ secret: 'token-verifier-spec-secret', signOptions: { algorithm: 'HS256' } });
  const revoked = new RevocationList();
  const config = { slidingTokens: false } as ConfigType<typeof tokensConfig>;
  return { verifier: new TokenVerifier(jwt, revoked, config), jwt, revoked };
}

function sign(jwt: JwtService, claims: Record<string, unknown>): string {
  const exp = Math.floor(Date.now() / 1000) + 300;
  return jwt.sign({ token_type: 'access', exp, jti: 'j'.repeat(32), user_id: 7, sid: SID, ...claims });
}

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof TokenError ? error.reason : String(error);
  }
  return undefined;
}

describe('TokenVerifier', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('checks the signature of a token once, then answers it from the cache, type and revocation still checked', () => {
    const { verifier, jwt, revoked } = setup();
    const token = sign(jwt, {});
    const signatureChecks = jest.spyOn(jwt, 'verify');
    expect(verifier.verify(token, ['access']).user_id).toBe(7);
    expect(verifier.verify(token, ['access']).user_id).toBe(7);
    expect(verifier.verify(token).user_id).toBe(7);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(reasonOf(() => verifier.verify(token, ['refresh']))).toBe(TOKEN_MESSAGES.wrongType);
    revoked.add(SID, Date.now() + 60_000);
    expect(reasonOf(() => verifier.verify(token, ['access']))).toBe(TOKEN_MESSAGES.blacklisted);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('checks a token fully every time with ignoreExpiration, and does not cache it', () => {
    const { verifier, jwt } = setup();
    const token = sign(jwt, { token_type: 'sliding', exp: Math.floor(Date.now() / 1000) + 60 });
    const signatureChecks = jest.spyOn(jwt, 'verify');
    expect(verifier.verify(token, ['sliding'], { ignoreExpiration: true }).token_type).toBe('sliding');
    expect(verifier.verify(token, ['sliding'], { ignoreExpiration: true }).token_type).toBe('sliding');
    expect(signatureChecks).toHaveBeenCalledTimes(2);
    expect(signatureChecks).toHaveBeenLastCalledWith(token, { ignoreExpiration: true });
    // Not remembered by the sliding path: the first plain check verifies the signature.
    verifier.verify(token, ['sliding']);
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    expect(signatureChecks).toHaveBeenLastCalledWith(token, {});
  });

  it('leaves a refresh token to its session: the revocation list does not refuse it', () => {
    const { verifier, jwt, revoked } = setup();
    revoked.add(SID, Date.now() + 60_000);
    expect(verifier.verify(sign(jwt, { token_type: 'refresh' }), ['refresh']).token_type).toBe('refresh');
    expect(reasonOf(() => verifier.verify(sign(jwt, {}), ['access']))).toBe(TOKEN_MESSAGES.blacklisted);
  });

  it('refuses a token longer than MAX_TOKEN_LENGTH before any signature check, and checks one of that length', () => {
    const { verifier, jwt } = setup();
    const signatureChecks = jest.spyOn(jwt, 'verify');
    expect(reasonOf(() => verifier.verify('a'.repeat(MAX_TOKEN_LENGTH)))).toBe(TOKEN_MESSAGES.invalid);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(reasonOf(() => verifier.verify('a'.repeat(MAX_TOKEN_LENGTH + 1)))).toBe(TOKEN_MESSAGES.invalid);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('checks the signature with ignoreExpiration even for a token the cache holds', () => {
    const { verifier, jwt } = setup();
    const token = sign(jwt, {});
    verifier.verify(token, ['access']);
    const signatureChecks = jest.spyOn(jwt, 'verify');
    expect(verifier.verify(token, ['access'], { ignoreExpiration: true }).user_id).toBe(7);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('refuses what is not a string as an invalid token', () => {
    const { verifier } = setup();
    expect(reasonOf(() => verifier.verify(42))).toBe(TOKEN_MESSAGES.invalid);
  });

  it('trusts revocations up to and including trustedUntilMs', () => {
    const { verifier, revoked } = setup();
    expect(verifier.revocationsTrusted(Number.MAX_SAFE_INTEGER)).toBe(true);
    revoked.trustedUntilMs = 1_000;
    expect(verifier.revocationsTrusted(1_000)).toBe(true);
    expect(verifier.revocationsTrusted(1_001)).toBe(false);
  });
});
