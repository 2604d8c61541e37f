import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { tokensConfig } from '../config/configuration';
import { RotationService } from '../sessions/rotation.service';
import { PresentedRefresh } from '../sessions/rotation.standing';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { VerifiedClaims } from '../tokens/token.claims';
import { TokenService } from '../tokens/token.service';
import { TokenVerifier } from '../tokens/token.verifier';

export interface RefreshResult {
  access: string;
  /** Absent when ROTATE_REFRESH_TOKENS=false. */
  refresh?: string;
  /** The scopes of the new access token. */
  scope: string;
}

export interface RefreshOptions {
  /** Narrow the access token to these scopes; never wider than the user's (RFC 6749 section 6). */
  scopes?: string[];
  /** Recorded in the audit event, not authenticated: all clients are public first-party clients. */
  clientId?: string;
}

function presented(claims: VerifiedClaims): PresentedRefresh {
  return { sessionId: claims.sid, userId: claims.user_id, jti: claims.jti };
}

/** Every exchange of a token checks that its user still exists and is active. */
export async function requireActiveUser(users: UsersService, userId: number): Promise<User> {
  const user = await users.findById(userId);
  if (!user || !user.isActive) throw new ApiError('no_active_account', 'No active account found for the given token.');
  return user;
}

function grantedScope(user: User, requested: string[] | undefined): string {
  if (requested === undefined) return user.scope;
  const granted = user.scopes;
  const excess = requested.filter((scope) => !granted.includes(scope));
  if (excess.length > 0) throw new ApiError('invalid_scope', `Scope not granted: ${excess.join(' ')}`);
  return [...new Set(requested)].join(' ');
}

/** The SimpleJWT flows that start from a token: refresh (with rotation), verify, blacklist. */
@Injectable()
export class RefreshService {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly rotation: RotationService,
    private readonly verifier: TokenVerifier,
    private readonly audit: AuditService,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  async refresh(token: string, client: ClientContext, options: RefreshOptions = {}): Promise<RefreshResult> {
    const claims = this.verifier.verify(token, ['refresh']);
    const user = await this.activeUser(claims.user_id);
    const scope = grantedScope(user, options.scopes);
    const detail = options.clientId ? { client_id: options.clientId } : undefined;
    if (!this.config.rotateRefreshTokens) {
      await this.rotation.assertCurrent(presented(claims));
      await this.audit.record('refresh', { userId: user.id, sessionId: claims.sid, client, detail });
      return { access: this.tokens.issueAccess(user, claims.sid, scope), scope };
    }
    const grant = await this.rotation.rotate(presented(claims), client, detail);
    return {
      access: this.tokens.issueAccess(user, grant.sessionId, scope),
      refresh: this.tokens.issueRefresh(grant),
      scope,
    };
  }

  /** Read-only: a rotated or revoked token is "blacklisted" here, and never counts as reuse. */
  async verify(token: string): Promise<void> {
    const claims = this.verifier.verify(token);
    if (claims.token_type === 'refresh') await this.rotation.assertCurrent(presented(claims));
  }

  async blacklist(token: string, client: ClientContext): Promise<void> {
    const claims = this.verifier.verify(token, ['refresh']);
    await this.rotation.logout(presented(claims), client);
  }

  private activeUser(userId: number): Promise<User> {
    return requireActiveUser(this.users, userId);
  }
}
