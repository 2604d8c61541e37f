import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { loginConfig } from '../config/configuration';
import { AuditService } from '../audit/audit.service';
import { FieldErrors } from '../drf/field.errors';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { RevocationReason, RevocationService } from '../sessions/revocation.service';
import { LoginLockout } from '../users/login-lockout.service';
import { PasswordHasher } from '../users/password.hasher';
import { passwordProblems } from '../users/password.policy';
import { User } from '../users/user.entity';
import { InvalidUsernameError, LastStaffError, UserConflictError, WeakPasswordError } from '../users/users.errors';
import { NewUser, UserChanges, UsersService } from '../users/users.service';

export interface AccountChanges extends UserChanges {
  password?: string;
}

/** Who acts on an account, for the audit trail: a user of the API, or an operator at the CLI. */
export interface Actor {
  by: number | 'cli';
  client?: ClientContext;
}

const LAST_STAFF = 'The last active staff account cannot be removed.';

/**
 * Which reason ends a user's sessions after a change, if any. Access tokens carry the staff flag
 * and the scopes until they expire, so any loss of privilege must end them at once; a grant
 * needs nothing (the next refresh carries it).
 */
function revocationFor(before: User, after: User): RevocationReason | null {
  if (before.isActive && !after.isActive) return 'deactivated';
  if (before.isStaff && !after.isStaff) return 'privileges_changed';
  const kept = new Set(after.scopes);
  return before.scopes.some((scope) => !kept.has(scope)) ? 'privileges_changed' : null;
}

/**
 * Account workflows with their consequences, for the admin API, the self-service API and the
 * CLI alike: a new password or any loss of privilege ends the user's sessions, the last active
 * staff account stays, and every change leaves an audit event. Failures are `FieldErrors` (with
 * the API's field names) and `ApiError`s.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockout,
    @Inject(loginConfig.KEY) private readonly loginSettings: ConfigType<typeof loginConfig>,
  ) {}

  async get(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw ApiError.notFound();
    return user;
  }

  async getByUsername(username: string): Promise<User> {
    const user = await this.users.findByUsername(username);
    if (!user) throw ApiError.notFound();
    return user;
  }

  /** The caller's own password: the old one must match; every other session of the caller ends. */
  async changeOwnPassword(
    actor: Actor & { by: number },
    currentSession: string,
    oldPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.get(actor.by);
    await this.checkOldPassword(user, oldPassword, actor.client);
    await this.setPasswordOf(user, newPassword, 'new_password');
    await this.revocations.revokeAllOfUser(user.id, 'password_changed', actor.by, currentSession);
    await this.audit.record('password_changed', { userId: user.id, sessionId: currentSession, client: actor.client });
  }

  /**
   * A wrong old password is a failed login of the user, counted by the same lockout: whoever
   * holds a stolen access token gets no more guesses here than at the login. While the user is
   * locked, even the right password is refused.
   */
  private async checkOldPassword(user: User, password: string, client: ClientContext | undefined): Promise<void> {
    const { secondsLocked, hasFailures } = await this.lockout.status(user.username);
    if (secondsLocked > 0) throw ApiError.throttled(secondsLocked);
    if (await this.hasher.verify(password, user.passwordHash)) {
      if (hasFailures) await this.lockout.reset(user.username);
      return;
    }
    const locked = await this.lockout.recordFailure(user.username);
    const detail = { username: user.username, route: 'password_change' };
    await this.audit.record('login_failed', { userId: user.id, client, detail });
    if (locked) {
      const { maxFailures: failures, lockoutSeconds: seconds } = this.loginSettings;
      await this.audit.record('lockout', { userId: user.id, client, detail: { ...detail, failures, seconds } });
    }
    throw FieldErrors.of('old_password', 'Wrong password.');
  }

  async create(actor: Actor, input: NewUser): Promise<User> {
    let user: User;
    try {
      user = await this.users.create(input);
    } catch (error) {
      if (error instanceof UserConflictError)
        throw FieldErrors.of('username', 'A user with that username already exists.');
      if (error instanceof InvalidUsernameError) throw new FieldErrors({ username: error.problems });
      if (error instanceof WeakPasswordError) throw new FieldErrors({ password: error.problems });
      throw error;
    }
    await this.audit.record('user_created', {
      userId: user.id,
      client: actor.client,
      detail: { username: user.username, by: actor.by },
    });
    return user;
  }

  async update(actor: Actor, id: number, changes: AccountChanges): Promise<User> {
    const user = await this.get(id);
    const before = Object.assign(new User(), user);
    if (changes.password !== undefined) this.checkPassword(user, changes.password, 'password');
    const fields = await this.lastStaffGuarded(() => this.users.update(user, changes));
    const reason = revocationFor(before, user);
    if (reason) await this.revocations.revokeAllOfUser(user.id, reason, actor.by);
    if (changes.password !== undefined) {
      await this.setPasswordOf(user, changes.password, 'password');
      fields.push('password');
      await this.revocations.revokeAllOfUser(user.id, 'password_changed', actor.by);
    }
    if (fields.length > 0) {
      await this.audit.record('user_updated', {
        userId: user.id,
        client: actor.client,
        detail: { fields: fields.join(','), by: actor.by },
      });
    }
    return user;
  }

  /** Sessions are revoked first, so that every instance stops the user's access tokens. */
  async remove(actor: Actor, id: number): Promise<void> {
    const user = await this.get(id);
    await this.lastStaffGuarded(() => this.users.assertNotLastStaff(user));
    await this.revocations.revokeAllOfUser(user.id, 'user_deleted', actor.by);
    await this.lastStaffGuarded(() => this.users.remove(user));
    await this.audit.record('user_deleted', {
      userId: user.id,
      client: actor.client,
      detail: { username: user.username, by: actor.by },
    });
  }

  /** An operator's reset: the rules of a new password, then every session of the user ends. */
  async setPassword(actor: Actor, id: number, password: string): Promise<number> {
    const user = await this.get(id);
    await this.setPasswordOf(user, password, 'password');
    const revoked = await this.revocations.revokeAllOfUser(user.id, 'password_changed', actor.by);
    await this.audit.record('password_changed', { userId: user.id, client: actor.client, detail: { by: actor.by } });
    return revoked;
  }

  revokeSessions(actor: Actor, user: User): Promise<number> {
    return this.revocations.revokeAllOfUser(user.id, 'admin', actor.by);
  }

  private async lastStaffGuarded<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof LastStaffError) throw new ApiError('last_staff', LAST_STAFF);
      throw error;
    }
  }

  /** The password's rules, checked before anything else changes. */
  private checkPassword(user: User, password: string, field: string): void {
    const problems = passwordProblems(password, user.username);
    if (problems.length > 0) throw new FieldErrors({ [field]: problems });
  }

  private async setPasswordOf(user: User, password: string, field: string): Promise<void> {
    try {
      await this.users.setPassword(user, password);
    } catch (error) {
      if (error instanceof WeakPasswordError) throw new FieldErrors({ [field]: error.problems });
      throw error;
    }
  }
}
