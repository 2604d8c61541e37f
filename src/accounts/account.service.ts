import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FieldErrors } from '../drf/field.errors';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { RevocationService } from '../sessions/revocation.service';
import { PasswordHasher } from '../users/password.hasher';
import { User } from '../users/user.entity';
import { InvalidUsernameError, UserConflictError, WeakPasswordError } from '../users/users.errors';
import { NewUser, UserChanges, UsersService } from '../users/users.service';

export interface AccountChanges extends UserChanges {
  password?: string;
}

/** Who acts on an account, for the audit trail: a user of the API, or an operator at the CLI. */
export interface Actor {
  by: number | 'cli';
  client?: ClientContext;
}

/**
 * Account workflows with their consequences, for the admin API, the self-service API and the
 * CLI alike: a new password or a deactivation ends the user's sessions, and every change
 * leaves an audit event. Failures are `FieldErrors` (with the API's field names) and `ApiError`s.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
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
    if (!(await this.hasher.verify(oldPassword, user.passwordHash)))
      throw FieldErrors.of('old_password', 'Wrong password.');
    await this.setPasswordOf(user, newPassword, 'new_password');
    await this.revocations.revokeAllOfUser(user.id, 'password_changed', actor.by, currentSession);
    await this.audit.record('password_changed', { userId: user.id, sessionId: currentSession, client: actor.client });
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
    const wasActive = user.isActive;
    if (changes.password !== undefined) await this.setPasswordOf(user, changes.password, 'password');
    const fields = await this.users.update(user, changes);
    if (changes.password !== undefined) {
      fields.push('password');
      await this.revocations.revokeAllOfUser(user.id, 'password_changed', actor.by);
    }
    if (wasActive && !user.isActive) await this.revocations.revokeAllOfUser(user.id, 'user_deactivated', actor.by);
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
    await this.revocations.revokeAllOfUser(user.id, 'user_deleted', actor.by);
    await this.users.remove(user);
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

  private async setPasswordOf(user: User, password: string, field: string): Promise<void> {
    try {
      await this.users.setPassword(user, password);
    } catch (error) {
      if (error instanceof WeakPasswordError) throw new FieldErrors({ [field]: error.problems });
      throw error;
    }
  }
}
