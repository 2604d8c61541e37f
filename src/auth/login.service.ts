import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/api.error';
import { ClientContext } from '../common/client-context';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from '../users/password.hasher';
import { UsersService } from '../users/users.service';
import { TokenPair, TokenService } from './token.service';

export function noActiveAccount(): ApiError {
  return new ApiError('no_active_account', 'No active account found with the given credentials');
}

/**
 * Credentials to a session. Unknown user, wrong password and inactive user take one path:
 * one user lookup, one bcrypt comparison (against a dummy hash when there is no user), one
 * answer, so neither the body nor the timing tells them apart.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, client: ClientContext): Promise<TokenPair> {
    const user = await this.users.findByUsername(username);
    const matches = await this.hasher.verify(password, user?.passwordHash ?? null);
    if (!user || !matches || !user.isActive) {
      await this.audit.record('login_failed', { userId: user?.id ?? null, client, detail: { username } });
      throw noActiveAccount();
    }
    await this.users.recordLogin(user, password);
    const grant = await this.sessions.open(user.id, client);
    await this.audit.record('login', { userId: user.id, sessionId: grant.sessionId, client });
    return this.tokens.issuePair(user, grant);
  }
}
