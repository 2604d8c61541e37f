import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { nowSeconds } from '../common/clock';
import { tokensConfig } from '../config/configuration';
import { RefreshTokenClaims } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { KeyRing } from './key.ring';
import { RESERVED_CLAIMS, TOKEN_CLAIMS, TokenClaimsProvider } from './token-claims.hook';

export interface TokenPair {
  access: string;
  refresh: string;
}

/** Signs our tokens; `TokenVerifier` checks them. */
@Injectable()
export class TokenService implements OnModuleInit {
  private claimsProvider?: TokenClaimsProvider;

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
  issueAccess(user: User, sessionId: string, scope: string = user.scope): string {
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
      ...this.userClaims(user, sessionId, user.scope),
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
      scopes: user.scopes,
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
  issueRefresh(grant: RefreshTokenClaims): string {
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

  issuePair(user: User, grant: RefreshTokenClaims): TokenPair {
    return { access: this.issueAccess(user, grant.sessionId), refresh: this.issueRefresh(grant) };
  }

  private sign(claims: Record<string, unknown>): string {
    const payload = {
      ...claims,
      ...(this.config.issuer ? { iss: this.config.issuer } : {}),
      ...(this.config.audience ? { aud: this.config.audience } : {}),
    };
    return this.jwt.sign(payload, { keyid: this.keys.headerKid });
  }
}
