import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { VerifiedClaims } from '../tokens/token.claims';
import { RefreshService } from '../auth/refresh.service';
import { TokenVerifier } from '../tokens/token.verifier';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { OAuthError } from '../http/oauth.error';
import { tokensConfig } from '../config/configuration';
import { RevocationService } from '../sessions/revocation.service';
import { RotationService } from '../sessions/rotation.service';
import { UsersService } from '../users/users.service';
import { OAuthParams, optionalParam, requiredParam } from './oauth-params';

/** RFC 6749 section 5.1. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export type Introspection = { active: false } | ({ active: true; username: string } & VerifiedClaims);

/**
 * Thin adapters from the OAuth endpoints to the token and session services: same rotation,
 * grace and reuse rules as /api/token/refresh/, errors in RFC 6749 form.
 */
@Injectable()
export class OAuthService {
  constructor(
    private readonly refreshes: RefreshService,
    private readonly verifier: TokenVerifier,
    private readonly users: UsersService,
    private readonly rotation: RotationService,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  async token(params: OAuthParams, client: ClientContext): Promise<OAuthTokenResponse> {
    const grantType = requiredParam(params, 'grant_type');
    if (grantType !== 'refresh_token') {
      // The password grant is deliberately absent (RFC 9700 section 2.4): /api/token/ is the first-party login.
      throw new OAuthError('unsupported_grant_type', `Grant type "${grantType}" is not supported; use refresh_token.`);
    }
    const refreshToken = requiredParam(params, 'refresh_token');
    const scope = optionalParam(params, 'scope');
    const requested = scope === undefined ? undefined : scope.split(' ').filter(Boolean);
    const clientId = optionalParam(params, 'client_id');
    try {
      const result = await this.refreshes.refresh(refreshToken, client, { scopes: requested, clientId });
      return {
        access_token: result.access,
        token_type: 'Bearer',
        expires_in: this.config.accessLifetimeSeconds,
        refresh_token: result.refresh ?? refreshToken,
        scope: result.scope,
      };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_scope')
        throw new OAuthError('invalid_scope', error.detail);
      if (error instanceof ApiError && (error.code === 'token_not_valid' || error.code === 'no_active_account')) {
        throw new OAuthError('invalid_grant', error.detail);
      }
      throw error;
    }
  }

  /** RFC 7009: a token of ours ends its session; an unknown or invalid token is not an error. */
  async revoke(params: OAuthParams, client: ClientContext): Promise<void> {
    const token = requiredParam(params, 'token');
    let claims: VerifiedClaims;
    try {
      claims = this.verifier.verify(token);
    } catch {
      return;
    }
    if (await this.revocations.revoke(claims.sid, 'logout', claims.user_id)) {
      await this.audit.record('logout', { userId: claims.user_id, sessionId: claims.sid, client });
    }
  }

  /** RFC 7662: rotated, revoked, expired or foreign tokens are simply `{"active": false}`. */
  async introspect(params: OAuthParams): Promise<Introspection> {
    const token = requiredParam(params, 'token');
    try {
      const claims = this.verifier.verify(token);
      if (claims.token_type === 'refresh') {
        await this.rotation.assertCurrent({ sessionId: claims.sid, userId: claims.user_id, jti: claims.jti });
      }
      const user = await this.users.findById(claims.user_id);
      if (!user || !user.isActive) return { active: false };
      return { active: true, username: user.username, ...claims };
    } catch (error) {
      if (error instanceof ApiError) return { active: false };
      throw error;
    }
  }
}
