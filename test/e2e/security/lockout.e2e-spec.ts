import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { LoginAttempt } from '../../../src/users/login-attempt.entity';
import { LoginLockout } from '../../../src/users/login-lockout.service';
import { createUser } from '../../factories/users.factory';
import { PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';

const NO_ACCOUNT = { detail: 'No active account found with the given credentials', code: 'no_active_account' };
const MAX_FAILURES = 3;

/** The lock's remaining time, as the 429 tells it: the same in Retry-After and in the body. */
function expectLockedFor(response: Response, seconds: number): void {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  // A second may tick between the lock and the answer.
  expect(retryAfter).toBeGreaterThanOrEqual(seconds - 2);
  expect(retryAfter).toBeLessThanOrEqual(seconds);
  expect(response.body).toEqual({
    detail: `Request was throttled. Expected available in ${retryAfter} seconds.`,
    code: 'throttled',
  });
}

describe.each(databaseTargets())('login lockout on $name', (target) => {
  const env = { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCKOUT: '10m' };
  // A second instance on the same database: locks must hold across instances.
  const [app, other] = useTestApps(target, env, [env], async (first) => {
    for (const username of ['alice', 'bob', 'carol', 'dave', 'erin', 'fred']) await createUser(first, { username });
  });

  const attempt = (username: string, password: string, via: TestApp = app) =>
    via.request().post('/api/token/').send({ username, password });

  async function lockoutEvents(username: string): Promise<AuditEvent[]> {
    const events = await app.dataSource.getRepository(AuditEvent).findBy({ event: 'lockout' });
    return events.filter((event) => event.detail?.username === username);
  }

  it('locks a username after LOGIN_MAX_FAILURES failures, even for the right password, on every instance', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await attempt('alice', 'wrong-password').expect(401, NO_ACCOUNT);
    for (const via of [app, other]) {
      expectLockedFor(await attempt('alice', PASSWORD, via), 600);
    }
    expect(await lockoutEvents('alice')).toEqual([
      expect.objectContaining({ userId: expect.any(Number), detail: { username: 'alice', failures: 3, seconds: 600 } }),
    ]);
  });

  it('leaves other users alone', async () => {
    await attempt('bob', PASSWORD).expect(200);
    await attempt('alice', PASSWORD).expect(429);
  });

  it('locks an unknown username the same way, so a lock reveals nothing', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await attempt('ghost', 'whatever-123').expect(401, NO_ACCOUNT);
    expectLockedFor(await attempt('ghost', 'whatever-123'), 600);
    expect(await lockoutEvents('ghost')).toEqual([expect.objectContaining({ userId: null })]);
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_FAILURES - 1; i++) await attempt('carol', 'wrong-password').expect(401);
      await attempt('carol', PASSWORD).expect(200);
    }
    expect(await app.dataSource.getRepository(LoginAttempt).findOneBy({ username: 'carol' })).toBeNull();
  });

  it('gives the full number of tries again once the lock has ended', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await attempt('dave', 'wrong-password').expect(401);
    await attempt('dave', PASSWORD).expect(429);
    // Let the lock end without waiting ten minutes.
    await app.dataSource
      .getRepository(LoginAttempt)
      .update({ username: 'dave' }, { lockedUntil: new Date(Date.now() - 1000) });
    for (let i = 0; i < MAX_FAILURES - 1; i++) await attempt('dave', 'wrong-password').expect(401);
    await attempt('dave', PASSWORD).expect(200);
  });

  it('locks exactly once under 30 concurrent failures spread over two instances', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt('erin', 'wrong-password', i % 2 ? app : other)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(MAX_FAILURES);
    expect(await lockoutEvents('erin')).toHaveLength(1);
    await attempt('erin', PASSWORD).expect(429);
  });

  it('counts names longer than the column under a digest, without an error', async () => {
    const long = 'x'.repeat(400);
    for (let i = 0; i < MAX_FAILURES; i++) await attempt(long, 'whatever-123').expect(401);
    await attempt(long, 'whatever-123').expect(429);
    await attempt('x'.repeat(399), 'whatever-123').expect(401);
  });

  it('keys a name of up to 150 characters (as the database counts them) by itself, a longer one by its digest', async () => {
    // 150 characters outside the BMP: 300 UTF-16 code units, still 150 characters.
    const names = ['y'.repeat(150), '\u{1F600}'.repeat(150), 'y'.repeat(151)];
    for (const name of names) await attempt(name, 'whatever-123').expect(401);
    const keys = (await app.dataSource.getRepository(LoginAttempt).find()).map((row) => row.username);
    expect(keys).toEqual(expect.arrayContaining(names.slice(0, 2)));
    expect(keys).not.toContain(names[2]);
    expect(keys).toContain(`sha256:${createHash('sha256').update(names[2]).digest('hex')}`);
  });

  it("counts each name's failures, and resets each name's count, apart from the others'", async () => {
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      await attempt('mallory', 'wrong-password').expect(401);
      await attempt('trudy', 'wrong-password').expect(401);
    }
    // fred's success clears his own count only: mallory's last try still locks her.
    await attempt('fred', 'wrong-password').expect(401);
    await attempt('fred', PASSWORD).expect(200);
    await attempt('mallory', 'wrong-password').expect(401);
    expectLockedFor(await attempt('mallory', 'wrong-password'), 600);
    await attempt('trudy', 'wrong-password').expect(401);
    await attempt('trudy', 'wrong-password').expect(429);
  });

  it('forgets failures not added to for a day, and no others', async () => {
    const attempts = app.dataSource.getRepository(LoginAttempt);
    for (const name of ['stale', 'recent']) await attempt(name, 'wrong-password').expect(401);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
    await attempts.update({ username: 'stale' }, { updatedAt: hoursAgo(25) });
    // Older than LOGIN_LOCKOUT, younger than a day: kept.
    await attempts.update({ username: 'recent' }, { updatedAt: hoursAgo(1) });
    expect(await app.get(LoginLockout).forgetStale()).toBe(1);
    expect(await attempts.findOneBy({ username: 'stale' })).toBeNull();
    expect(await attempts.findOneBy({ username: 'recent' })).toEqual(expect.objectContaining({ failures: 1 }));
  });
});
