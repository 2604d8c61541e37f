import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { dateOf, nowSeconds } from '../common/clock';
import { findRowById } from '../common/statements';
import { PasswordHasher } from './password.hasher';
import { passwordProblems } from './password.policy';
import { User } from './user.entity';
import { InvalidUsernameError, LastStaffError, UserConflictError, WeakPasswordError } from './users.errors';
import { normalizeUsername, usernameProblems } from './username.policy';

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  isStaff?: boolean;
  isActive?: boolean;
  scopes?: string[];
}

export interface UserChanges {
  email?: string;
  isStaff?: boolean;
  isActive?: boolean;
  scopes?: string[];
}

/**
 * `%` and `_` typed by an admin are searched for literally. `!` is the escape character
 * because a backslash is written differently in MySQL and SQLite string literals.
 */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

const API_FIELD_NAMES: Record<string, string> = { isStaff: 'is_staff', isActive: 'is_active' };

function isActiveStaff(user: User): boolean {
  return user.isStaff && user.isActive;
}

export function normaliseScopes(scopes: string[] | undefined): string {
  return [...new Set((scopes ?? []).flatMap((scope) => scope.split(' ')).filter(Boolean))].join(' ');
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  /** On every refresh exchange: a hand statement (common/statements.ts). */
  findById(id: number): Promise<User | null> {
    return findRowById(this.users.manager.connection, User, id);
  }

  /** Looked up in its normal form, as it was stored. */
  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: normalizeUsername(username) });
  }

  /** The one place users are created, so the API and the CLI apply the same rules. */
  async create(input: NewUser): Promise<User> {
    const username = normalizeUsername(input.username);
    const invalid = usernameProblems(username);
    if (invalid.length > 0) throw new InvalidUsernameError(invalid);
    const problems = passwordProblems(input.password, username);
    if (problems.length > 0) throw new WeakPasswordError(problems);
    if (await this.findByUsername(username)) throw new UserConflictError(username);
    const now = dateOf(nowSeconds());
    const user = this.users.create({
      username,
      email: input.email ?? '',
      passwordHash: await this.hasher.hash(input.password),
      isStaff: input.isStaff ?? false,
      isActive: input.isActive ?? true,
      scope: normaliseScopes(input.scopes),
      lastLogin: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      return await this.users.save(user);
    } catch (error) {
      // Two creations of one name at once: the unique index decides, the loser gets the conflict.
      if (await this.findByUsername(username)) throw new UserConflictError(username);
      throw error;
    }
  }

  /** Checks the rules, then stores the new hash. Revoking sessions is the caller's business. */
  async setPassword(user: User, password: string): Promise<void> {
    const problems = passwordProblems(password, user.username);
    if (problems.length > 0) throw new WeakPasswordError(problems);
    const passwordHash = await this.hasher.hash(password);
    const changes = { passwordHash, updatedAt: dateOf(nowSeconds()) };
    await this.users.update({ id: user.id }, changes);
    Object.assign(user, changes);
  }

  /** After a successful login: note the time, and upgrade the hash if the cost setting changed. */
  async recordLogin(user: User, password: string): Promise<void> {
    const changes: Partial<User> = { lastLogin: dateOf(nowSeconds()) };
    if (this.hasher.needsRehash(user.passwordHash)) changes.passwordHash = await this.hasher.hash(password);
    await this.users.update({ id: user.id }, changes);
    Object.assign(user, changes);
  }

  /** Newest first; `search` matches username or e-mail. */
  async list(search: string | undefined, offset: number, limit: number): Promise<{ count: number; users: User[] }> {
    const query = this.users.createQueryBuilder('u').orderBy('u.id', 'DESC').skip(offset).take(limit);
    if (search) {
      query.where("(LOWER(u.username) LIKE :pattern ESCAPE '!' OR LOWER(u.email) LIKE :pattern ESCAPE '!')", {
        pattern: likePattern(search),
      });
    }
    const [users, count] = await query.getManyAndCount();
    return { count, users };
  }

  /**
   * Applies plain attribute changes; returns the (API) names of the fields that really changed.
   * A change that takes an active staff account out of the staff fails with `LastStaffError`
   * when it is the last one, also when two such changes race (see `unlessLastStaff`).
   */
  async update(user: User, changes: UserChanges): Promise<string[]> {
    const next: Partial<User> = {};
    if (changes.email !== undefined && changes.email !== user.email) next.email = changes.email;
    if (changes.isStaff !== undefined && changes.isStaff !== user.isStaff) next.isStaff = changes.isStaff;
    if (changes.isActive !== undefined && changes.isActive !== user.isActive) next.isActive = changes.isActive;
    const scopes = changes.scopes === undefined ? undefined : normaliseScopes(changes.scopes);
    if (scopes !== undefined && scopes !== user.scope) next.scope = scopes;
    const changed = Object.keys(next).map((field) => API_FIELD_NAMES[field] ?? field);
    if (changed.length === 0) return [];
    next.updatedAt = dateOf(nowSeconds());
    if (isActiveStaff(user) && (next.isStaff === false || next.isActive === false)) {
      await this.unlessLastStaff(user, next);
    } else {
      await this.users.update({ id: user.id }, next);
    }
    Object.assign(user, next);
    return changed;
  }

  /** Deleting the last active staff account fails with `LastStaffError`. */
  async remove(user: User): Promise<void> {
    if (isActiveStaff(user)) await this.unlessLastStaff(user, 'delete');
    else await this.users.delete({ id: user.id });
  }

  /**
   * Applies `change` (which takes `user` out of the active staff) only if another active staff
   * account remains, atomically: two admins demoting each other at once leave one of them.
   * SQLite: one statement with the condition inside, run under SQLite's single write lock.
   * MySQL/MariaDB (which cannot read the table an UPDATE writes): the staff rows are locked
   * (`FOR UPDATE`) for a transaction, so a second writer waits and then sees the first's change.
   */
  private async unlessLastStaff(user: User, change: Partial<User> | 'delete'): Promise<void> {
    const statement = (manager: EntityManager) =>
      change === 'delete'
        ? manager.createQueryBuilder().delete().from(User).where('id = :id', { id: user.id })
        : manager.createQueryBuilder().update(User).set(change).where('id = :id', { id: user.id });
    if (this.users.manager.connection.options.type === 'better-sqlite3') {
      const result = await statement(this.users.manager)
        .andWhere('EXISTS (SELECT 1 FROM users o WHERE o.is_staff = 1 AND o.is_active = 1 AND o.id <> :id)')
        .execute();
      if (!result.affected) throw new LastStaffError();
      return;
    }
    await this.users.manager.transaction(async (manager) => {
      const others: unknown[] = await manager.query(
        'SELECT id FROM users WHERE is_staff = 1 AND is_active = 1 AND id <> ? FOR UPDATE',
        [user.id],
      );
      if (others.length === 0) throw new LastStaffError();
      await statement(manager).execute();
    });
  }

  /** A cheap early answer for callers that must act before the (atomic) removal itself. */
  async assertNotLastStaff(user: User): Promise<void> {
    if (!isActiveStaff(user)) return;
    const others = await this.users.count({ where: { isStaff: true, isActive: true, id: Not(user.id) } });
    if (others === 0) throw new LastStaffError();
  }
}
