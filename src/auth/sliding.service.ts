import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { nowSeconds } from '../common/clock';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { tokensConfig } from '../config/configuration';
import { SessionsService } from '../sessions/sessions.service';
import { UsersService } from '../users/users.service';
import { LoginService } from './login.service';
import { requireActiveUser } from './refresh.service';
import { TokenService } from '../tokens/token.service';
import { TokenVerifier } from '../tokens/token.verifier';

/**
 * SimpleJWT's sliding tokens (SLIDING_TOKENS=true): one token that is both presented and
 * renewed; `exp` is short, renewal is possible until `refresh_exp`. Each belongs to a session,
 * so logout, admin revocation and password changes end it like any other.
 */
@Injectable()
export class SlidingService {
  constructor(
    private readonly login: LoginService,
    private readonly tokens: TokenService,
    private readonly verifier: TokenVerifier,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  async obtain(username: string, password: string, client: ClientContext): Promise<string> {
    this.assertEnabled();
    const lifetime = this.config.slidingRefreshLifetimeSeconds;
    const { user, grant } = await this.login.authenticate(username, password, client, lifetime);
    return this.tokens.issueSliding(user, grant.sessionId, grant.expiresAt);
  }

  /** A new token with a fresh `exp` and the same `refresh_exp`, as SimpleJWT does. */
  async refresh(token: string, client: ClientContext): Promise<string> {
    this.assertEnabled();
    const claims = this.verifier.verify(token, ['sliding'], { ignoreExpiration: true });
    const refreshExp = claims.refresh_exp;
    if (typeof refreshExp !== 'number') throw new TokenError(TOKEN_MESSAGES.noRefreshExp);
    if (refreshExp + this.config.leewaySeconds <= nowSeconds()) throw new TokenError(TOKEN_MESSAGES.refreshExpExpired);
    const user = await requireActiveUser(this.users, claims.user_id);
    if (!(await this.sessions.touch(claims.sid, user.id, client))) throw new TokenError(TOKEN_MESSAGES.blacklisted);
    await this.audit.record('refresh', {
      userId: user.id,
      sessionId: claims.sid,
      client,
      detail: { token_type: 'sliding' },
    });
    return this.tokens.issueSliding(user, claims.sid, refreshExp);
  }

  /** The routes exist for every deployment; they answer as unknown unless the mode is on. */
  private assertEnabled(): void {
    if (!this.config.slidingTokens) throw ApiError.notFound();
  }
}
