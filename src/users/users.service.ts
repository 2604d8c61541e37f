import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dateOf, nowSeconds } from '../common/clock';
import { PasswordHasher } from './password.hasher';
import { passwordProblems } from './password.policy';
import { User } from './user.entity';
import { UserConflictError, WeakPasswordError } from './users.errors';

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  isStaff?: boolean;
  isActive?: boolean;
  scopes?: string[];
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

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  async create(input: NewUser): Promise<User> {
    const username = input.username.trim();
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
      scopes: normaliseScopes(input.scopes),
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
}
