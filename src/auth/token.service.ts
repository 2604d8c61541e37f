import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { nowSeconds } from '../common/clock';
import { TOKEN_MESSAGES, TokenError } from '../common/token.error';
import { tokensConfig } from '../config/configuration';
import { RefreshGrant } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { KeyRing, MAX_TOKEN_LENGTH } from './key.ring';
import { checkClaims, TokenType, VerifiedClaims } from './token.claims';

export interface TokenPair {
  access: string;
  refresh: string;
}

/** Signs our tokens and verifies them: signature, algorithm, times, issuer, audience, claims. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly keys: KeyRing,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  /** `scope` narrows the user's scopes for this token (OAuth refresh with `scope`). */
  issueAccess(user: User, sessionId: string, scope: string = user.scopes): string {
    const now = nowSeconds();
    return this.sign({
      token_type: 'access',
      exp: now + this.config.accessLifetimeSeconds,
      iat: now,
      jti: randomBytes(16).toString('hex'),
      user_id: user.id,
      sub: String(user.id),
      sid: sessionId,
      name: user.username,
      scope,
      is_staff: user.isStaff,
    });
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

  verify(token: unknown, expected?: readonly TokenType[]): VerifiedClaims {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new TokenError(TOKEN_MESSAGES.invalid);
    let payload: unknown;
    try {
      payload = this.jwt.verify(token);
    } catch {
      throw new TokenError(TOKEN_MESSAGES.invalid);
    }
    return checkClaims(payload, expected);
  }
}
