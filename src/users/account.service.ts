import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/api.error';
import { ClientContext } from '../common/client-context';
import { FieldErrors } from '../common/field.errors';
import { PasswordHasher } from './password.hasher';
import { UserSessions } from './user-sessions.port';
import { User } from './user.entity';
import { UserConflictError, WeakPasswordError } from './users.errors';
import { NewUser, UserChanges, UsersService } from './users.service';

export interface AccountChanges extends UserChanges {
  password?: string;
}

/** Who acts on an account, for the audit trail. */
export interface Actor {
  userId: number;
  client: ClientContext;
}

/**
 * Account changes with their consequences: a new password or a deactivation ends the
 * user's sessions, and every change leaves an audit event.
 */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: UserSessions,
    private readonly audit: AuditService,
  ) {}

  async get(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw ApiError.notFound();
    return user;
  }

  /** The caller's own password: the old one must match; every other session of the caller ends. */
  async changeOwnPassword(
    actor: Actor,
    currentSession: string,
    oldPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.get(actor.userId);
    if (!(await this.hasher.verify(oldPassword, user.passwordHash)))
      throw FieldErrors.of('old_password', 'Wrong password.');
    await this.setPassword(user, newPassword, 'new_password');
    await this.sessions.revokeAllOfUser(user.id, 'password_changed', actor.userId, currentSession);
    await this.audit.record('password_changed', { userId: user.id, sessionId: currentSession, client: actor.client });
  }

  async create(actor: Actor, input: NewUser): Promise<User> {
    let user: User;
    try {
      user = await this.users.create(input);
    } catch (error) {
      if (error instanceof UserConflictError)
        throw FieldErrors.of('username', 'A user with that username already exists.');
      if (error instanceof WeakPasswordError) throw new FieldErrors({ password: error.problems });
      throw error;
    }
    await this.audit.record('user_created', {
      userId: user.id,
      client: actor.client,
      detail: { username: user.username, by: actor.userId },
    });
    return user;
  }

  async update(actor: Actor, id: number, changes: AccountChanges): Promise<User> {
    const user = await this.get(id);
    const wasActive = user.isActive;
    if (changes.password !== undefined) await this.setPassword(user, changes.password, 'password');
    const fields = await this.users.update(user, changes);
    if (changes.password !== undefined) {
      fields.push('password');
      await this.sessions.revokeAllOfUser(user.id, 'password_changed', actor.userId);
    }
    if (wasActive && !user.isActive) await this.sessions.revokeAllOfUser(user.id, 'user_deactivated', actor.userId);
    if (fields.length > 0) {
      await this.audit.record('user_updated', {
        userId: user.id,
        client: actor.client,
        detail: { fields: fields.join(','), by: actor.userId },
      });
    }
    return user;
  }

  /** Sessions are revoked first, so that every instance stops the user's access tokens. */
  async remove(actor: Actor, id: number): Promise<void> {
    const user = await this.get(id);
    await this.sessions.revokeAllOfUser(user.id, 'user_deleted', actor.userId);
    await this.users.remove(user);
    await this.audit.record('user_deleted', {
      userId: user.id,
      client: actor.client,
      detail: { username: user.username, by: actor.userId },
    });
  }

  private async setPassword(user: User, password: string, field: string): Promise<void> {
    try {
      await this.users.setPassword(user, password);
    } catch (error) {
      if (error instanceof WeakPasswordError) throw new FieldErrors({ [field]: error.problems });
      throw error;
    }
  }
}
