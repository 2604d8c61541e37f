import { User } from '../../src/users/user.entity';
import { NewUser, UsersService } from '../../src/users/users.service';
import { TestApp } from '../support/test-app';

export const ALICE = { username: 'alice', password: 'correct-horse-battery' };
export const BOB = { username: 'bob', password: 'secret-pass-123' };

/** Creates a user through the real service (bcrypt, password rules, database). */
export function createUser(app: TestApp, input: Partial<NewUser> & { username: string }): Promise<User> {
  return app.get(UsersService).create({ password: 'correct-horse-battery', ...input });
}
