import { User } from '../../src/users/user.entity';
import { NewUser, UsersService } from '../../src/users/users.service';
import { PASSWORD } from '../support/contract';
import type { TestApp } from '../support/test-app';

export const ALICE = { username: 'alice', password: PASSWORD };
export const BOB = { username: 'bob', password: 'secret-pass-123' };

/** Creates a user through the real service (bcrypt, password rules, database). */
export function createUser(app: TestApp, input: Partial<NewUser> & { username: string }): Promise<User> {
  return app.get(UsersService).create({ password: PASSWORD, ...input });
}
