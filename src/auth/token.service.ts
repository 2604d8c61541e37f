import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { nowSeconds } from '../common/clock';
import { TOKEN_MESSAGES, TokenError } from '../common/token.error';
import { tokensConfig } from '../config/configuration';
import { RefreshGrant } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { KeyRing, MAX_TOKEN_LENGTH } from './key.ring';
import { checkClaims, TokenType, VerifiedClaims } from './token.claims';
import { RESERVED_CLAIMS, TOKEN_CLAIMS, TokenClaimsProvider } from './token-claims.hook';
import { VerifiedTokenCache } from './verified-token.cache';

export interface TokenPair {
  access: string;
  refresh: string;
}

export interface VerifyOptions {
  /** Sliding refresh: `exp` may have passed, `refresh_exp` is checked instead. */
  ignoreExpiration?: boolean;
}

/** Signs our tokens and verifies them: signature, algorithm, times, issuer, audience, claims. */
@Injectable()
export class TokenService implements OnModuleInit {
  private claimsProvider?: TokenClaimsProvider;
  /** Per application, like the guard's: /api/token/verify/ is asked about the same tokens again and again. */
  private readonly verified = new VerifiedTokenCache<VerifiedClaims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly keys: KeyRing,
    private readonly moduleRef: ModuleRef,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  /** A `TOKEN_CLAIMS` provider may live in any module of the application. */
  onModuleInit(): void {
    try {
      this.claimsProvider = this.moduleRef.get<TokenClaimsProvider>(TOKEN_CLAIMS, { strict: false });
    } catch {
      this.claimsProvider = undefined;
    }
  }

  /** `scope` narrows the user's scopes for this token (OAuth refresh with `scope`). */
  issueAccess(user: User, sessionId: string, scope: string = user.scopes): string {
    const now = nowSeconds();
    return this.sign({
      ...this.userClaims(user, sessionId, scope),
      token_type: 'access',
      exp: now + this.config.accessLifetimeSeconds,
      iat: now,
    });
  }

  /** SimpleJWT's sliding token: short `exp`, renewable until `refresh_exp`. */
  issueSliding(user: User, sessionId: string, refreshExpiresAt: number): string {
    const now = nowSeconds();
    return this.sign({
      ...this.userClaims(user, sessionId, user.scopes),
      token_type: 'sliding',
      exp: Math.min(now + this.config.slidingLifetimeSeconds, refreshExpiresAt),
      iat: now,
      refresh_exp: refreshExpiresAt,
    });
  }

  /** Claims of tokens that act for a user; custom claims never replace ours. */
  private userClaims(user: User, sessionId: string, scope: string): Record<string, unknown> {
    const custom = this.claimsProvider?.claimsFor({
      id: user.id,
      username: user.username,
      email: user.email,
      isStaff: user.isStaff,
      scopes: user.scopeList,
    });
    const extra = Object.fromEntries(Object.entries(custom ?? {}).filter(([name]) => !RESERVED_CLAIMS.includes(name)));
    return {
      ...extra,
      jti: randomBytes(16).toString('hex'),
      user_id: user.id,
      sub: String(user.id),
      sid: sessionId,
      name: user.username,
      scope,
      is_staff: user.isStaff,
    };
  }

  /** Deterministic for a grant: the same grant always gives the same refresh token. */
  issueRefresh(grant: RefreshGrant): string {
    return this.sign({
      token_type: 'refresh',
      exp: grant.expiresAt,
      iat: grant.issuedAt,
      jti: grant.jti,
      user_id: grant.userId,
      sub: String(grant.userId),
      sid: grant.sessionId,
    });
  }

  issuePair(user: User, grant: RefreshGrant): TokenPair {
    return { access: this.issueAccess(user, grant.sessionId), refresh: this.issueRefresh(grant) };
  }

  private sign(claims: Record<string, unknown>): string {
    const payload = {
      ...claims,
      ...(this.config.issuer ? { iss: this.config.issuer } : {}),
      ...(this.config.audience ? { aud: this.config.audience } : {}),
    };
    const kid = this.keys.headerKid;
    return this.jwt.sign(payload, kid ? { keyid: kid } : {});
  }

  /**
   * A token that already passed comes from the cache until its `exp`. Its claims passed every
   * check then, so the only answer that can differ is the type asked for now, checked again.
   * Sliding refreshes (expiry ignored) always take the full path.
   */
  verify(token: unknown, expected?: readonly TokenType[], options: VerifyOptions = {}): VerifiedClaims {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new TokenError(TOKEN_MESSAGES.invalid);
    const cached = options.ignoreExpiration ? undefined : this.verified.lookup(token, nowSeconds());
    if (cached !== undefined) {
      if (expected && !expected.includes(cached.token_type)) throw new TokenError(TOKEN_MESSAGES.wrongType);
      return cached;
    }
    let payload: unknown;
    try {
      payload = this.jwt.verify(token, options.ignoreExpiration ? { ignoreExpiration: true } : {});
    } catch {
      throw new TokenError(TOKEN_MESSAGES.invalid);
    }
    const claims = checkClaims(payload, expected);
    if (!options.ignoreExpiration) this.verified.remember(token, claims, claims, nowSeconds());
    return claims;
  }
}
