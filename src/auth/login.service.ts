import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { loginConfig } from '../config/configuration';
import { RefreshTokenClaims, SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { PasswordHasher } from '../users/password.hasher';
import { UsersService } from '../users/users.service';
import { LoginLockout } from '../users/login-lockout.service';
import { TokenPair, TokenService } from '../tokens/token.service';

export interface Authenticated {
  user: User;
  grant: RefreshTokenClaims;
}

export function noActiveAccount(): ApiError {
  return new ApiError('no_active_account', 'No active account found with the given credentials');
}

/**
 * Credentials to a session. Unknown user, wrong password and inactive user take one path:
 * one user lookup, one bcrypt comparison (against a dummy hash when there is no user), one
 * failure count, one answer, so neither the body nor the timing tells them apart. A locked
 * username is answered before any of that, known or not, and costs no bcrypt round.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockout,
    @Inject(loginConfig.KEY) private readonly config: ConfigType<typeof loginConfig>,
  ) {}

  async login(username: string, password: string, client: ClientContext): Promise<TokenPair> {
    const { user, grant } = await this.authenticate(username, password, client);
    return this.tokens.issuePair(user, grant);
  }

  /** Checks the credentials and opens a session; the caller decides which tokens to issue. */
  async authenticate(
    username: string,
    password: string,
    client: ClientContext,
    sessionLifetimeSeconds?: number,
  ): Promise<Authenticated> {
    const { secondsLocked, hasFailures } = await this.lockout.status(username);
    if (secondsLocked > 0) throw ApiError.throttled(secondsLocked);
    const user = await this.users.findByUsername(username);
    const matches = await this.hasher.verify(password, user?.passwordHash ?? null);
    if (!user || !matches || !user.isActive) {
      const locked = await this.lockout.recordFailure(username);
      await this.audit.record('login_failed', { userId: user?.id ?? null, client, detail: { username } });
      if (locked) {
        const detail = { username, failures: this.config.maxFailures, seconds: this.config.lockoutSeconds };
        await this.audit.record('lockout', { userId: user?.id ?? null, client, detail });
      }
      throw noActiveAccount();
    }
    // A failure counted by a concurrent request after the status read is left to stand.
    if (hasFailures) await this.lockout.reset(username);
    await this.users.recordLogin(user, password);
    const grant = await this.sessions.open(user.id, client, sessionLifetimeSeconds);
    await this.audit.record('login', { userId: user.id, sessionId: grant.sessionId, client });
    return { user, grant };
  }
}
