import supertest from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { NewUser } from '../../src/users/users.service';
import { createUser } from '../factories/users.factory';
import { ACCESS_BLACKLISTED, BLACKLISTED, expectNotAuthenticated, PASSWORD, PERMISSION_DENIED } from './contract';
import type { TestApp } from './test-app';
import { decode, Pair } from './tokens';

export interface Credentials {
  username: string;
  password: string;
}

export interface Account extends Credentials {
  id: number;
}

type Method = 'get' | 'post' | 'patch' | 'delete';

/** The staff account the admin suites act as. */
export async function createStaff(app: TestApp, username = 'admin'): Promise<Account> {
  const user = await createUser(app, { username, isStaff: true, password: PASSWORD });
  return { id: user.id, username, password: PASSWORD };
}

/**
 * The API client of the suites: the requests and checks they make over and over, bound to one
 * app (read lazily: the app is built in `beforeAll`). Every `TestApp` has one as `api`; a suite
 * that wants its logins under a User-Agent of its own makes another. Methods are arrow
 * properties, so they can be destructured.
 */
export class ApiKit {
  private sequence = 0;

  constructor(
    private readonly app: () => TestApp,
    private readonly userAgent?: string,
  ) {}

  /** A name no other test of the suite uses. */
  unique = (prefix: string): string => `${prefix}-${++this.sequence}`;

  newAccount = async (prefix: string, extra: Partial<Omit<NewUser, 'username'>> = {}): Promise<Account> => {
    const username = this.unique(prefix);
    const user = await createUser(this.app(), { username, password: PASSWORD, ...extra });
    return { id: user.id, username, password: PASSWORD };
  };

  tryLogin = (username: string, password: string, userAgent = this.userAgent): supertest.Test => {
    const request = this.app().request().post('/api/token/');
    return (userAgent === undefined ? request : request.set('User-Agent', userAgent)).send({ username, password });
  };

  /** Logs in with the password grant; the pair of a 200, or the test fails. */
  loginAs = async (account: Credentials, userAgent = this.userAgent): Promise<Pair> =>
    (await this.tryLogin(account.username, account.password, userAgent).expect(200)).body as Pair;

  accessOf = async (account: Credentials): Promise<string> => (await this.loginAs(account)).access;

  /** A fresh account each time, so that no test depends on another's non-staff user. */
  nonStaffAccess = async (): Promise<string> => this.accessOf(await this.newAccount('plain'));

  /** A staff-only route: 401 without a token, 403 with a non-staff one; `body` goes with both. */
  expectStaffOnly = async (method: Method, path: string, body?: object): Promise<void> => {
    const send = (request: supertest.Test) => (body === undefined ? request : request.send(body));
    expectNotAuthenticated(await send(this.call(method, path)));
    await send(this.call(method, path, await this.nonStaffAccess())).expect(403, PERMISSION_DENIED);
  };

  refresh = (token: string, userAgent = this.userAgent): supertest.Test => {
    const request = this.app().request().post('/api/token/refresh/');
    return (userAgent === undefined ? request : request.set('User-Agent', userAgent)).send({ refresh: token });
  };

  call = (method: Method, path: string, access?: string): supertest.Test => {
    const request = this.app().request()[method](path);
    return access === undefined ? request : request.set('Authorization', `Bearer ${access}`);
  };

  sidOf = (token: string): string => decode(token).sid as string;

  expectAccessRejected = async (access: string): Promise<void> => {
    const response = await this.call('get', '/api/me', access).expect(401);
    expect(response.body).toEqual(ACCESS_BLACKLISTED);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  };

  expectSessionDead = async (pair: Pair): Promise<void> => {
    await this.refresh(pair.refresh).expect(401, BLACKLISTED);
    await this.expectAccessRejected(pair.access);
  };

  expectSessionAlive = async (pair: Pair): Promise<Pair> => {
    await this.call('get', '/api/me', pair.access).expect(200);
    return (await this.refresh(pair.refresh).expect(200)).body as Pair;
  };

  auditOf = (userId: number, event: AuditEvent['event']): Promise<AuditEvent[]> =>
    this.app()
      .dataSource.getRepository(AuditEvent)
      .find({ where: { userId, event }, order: { id: 'ASC' } });
}
