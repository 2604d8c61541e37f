import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { AuthenticatedUser } from '../access/authenticated-user';
import { nowSeconds } from '../common/clock';
import { tokensConfig } from '../config/configuration';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { RevocationList } from '../sessions/revocation.list';
import { MAX_TOKEN_LENGTH } from './key.ring';
import { checkClaims, TokenType, VerifiedClaims } from './token.claims';
import { VerifiedTokenCache } from './verified-token.cache';

/** What one successful check produced: the claims, and the caller they describe. */
export interface VerifiedToken {
  readonly claims: VerifiedClaims;
  readonly user: AuthenticatedUser;
}

export interface VerifyOptions {
  /** Sliding refresh: `exp` may have passed, `refresh_exp` is checked instead. */
  ignoreExpiration?: boolean;
}

export function principalOf(claims: VerifiedClaims): AuthenticatedUser {
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return new AuthenticatedUser(
    claims.user_id,
    typeof claims.name === 'string' ? claims.name : '',
    claims.is_staff === true,
    Object.freeze(scopes),
    claims.sid,
    claims.jti,
    claims,
  );
}

/**
 * The one place that decides whether a token string is valid: signature with the pinned
 * algorithm and the ring's keys, times, issuer, audience, our claims, the type the caller
 * accepts, and revocation. Every route goes through it: the bearer guard (by way of its
 * passport strategy), verify, refresh, logout, sliding and the OAuth endpoints.
 *
 * Stateless tokens (access, sliding) are checked against the in-memory revocation list on
 * every call, cached or not. A refresh token's fate is its session row: the session layer reads
 * it where a refresh token is exchanged or checked.
 *
 * A token that already passed comes from one bounded cache until its `exp`: the same string
 * verifies the same way until then, because keys and rules are fixed for the process's life.
 */
@Injectable()
export class TokenVerifier {
  /** The token types a bearer may present on guarded routes. */
  readonly bearerTypes: readonly TokenType[];
  private readonly verified = new VerifiedTokenCache<VerifiedToken>();

  constructor(
    private readonly jwt: JwtService,
    private readonly revokedSessions: RevocationList,
    @Inject(tokensConfig.KEY) config: ConfigType<typeof tokensConfig>,
  ) {
    this.bearerTypes = config.slidingTokens ? ['access', 'sliding'] : ['access'];
  }

  verify(token: unknown, expected?: readonly TokenType[], options: VerifyOptions = {}): VerifiedClaims {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new TokenError(TOKEN_MESSAGES.invalid);
    if (!options.ignoreExpiration) {
      const cached = this.lookup(token, expected);
      if (cached !== undefined) return cached.claims;
    }
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, options.ignoreExpiration ? { ignoreExpiration: true } : {});
    } catch {
      throw new TokenError(TOKEN_MESSAGES.invalid);
    }
    if (options.ignoreExpiration) {
      const claims = checkClaims(payload, expected);
      this.assertNotRevoked(claims);
      return claims;
    }
    return this.admit(token, payload, expected).claims;
  }

  /**
   * A token that already passed, if it is cached: only the type asked for now and revocation
   * can answer differently from the first time, so both are checked again.
   */
  lookup(token: string, expected?: readonly TokenType[]): VerifiedToken | undefined {
    const cached = this.verified.lookup(token, nowSeconds());
    if (cached === undefined) return undefined;
    if (expected && !expected.includes(cached.claims.token_type)) throw new TokenError(TOKEN_MESSAGES.wrongType);
    this.assertNotRevoked(cached.claims);
    return cached;
  }

  /** The claims of a token whose signature and times were just verified (here or by passport-jwt). */
  admit(token: string, payload: unknown, expected?: readonly TokenType[]): VerifiedToken {
    const claims = checkClaims(payload, expected);
    this.assertNotRevoked(claims);
    const verified: VerifiedToken = { claims, user: Object.freeze(principalOf(claims)) };
    this.verified.remember(token, claims, verified, nowSeconds());
    return verified;
  }

  /**
   * False only with REVOCATION_FAIL_CLOSED while revocations have not synced for too long: a
   * session revoked elsewhere in the meantime could pass. One comparison otherwise.
   */
  revocationsTrusted(nowMs: number): boolean {
    return nowMs <= this.revokedSessions.trustedUntilMs;
  }

  private assertNotRevoked(claims: VerifiedClaims): void {
    if (claims.token_type !== 'refresh' && this.revokedSessions.has(claims.sid)) {
      throw new TokenError(TOKEN_MESSAGES.blacklisted);
    }
  }
}
