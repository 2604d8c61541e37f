import { randomBytes } from 'node:crypto';
import { LoginAttempt } from '../../../src/users/login-attempt.entity';
import { Session } from '../../../src/sessions/session.entity';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { buildOnce, runNode } from '../../support/processes';
import { useTestApp } from '../../support/test-app';
import { PASSWORD } from '../../support/contract';

const EXPIRED = 100_000;
const CHUNK = 250;

describe.each(databaseTargets())('flush-expired-tokens on $name', (target) => {
  beforeAll(() => buildOnce());
  const app = useTestApp(target);

  /** Raw multi-row INSERTs in one transaction: the entity layer would take minutes for 100k rows. */
  async function seedExpired(userId: number): Promise<void> {
    const day = 86400_000;
    const past = (days: number) => new Date(Date.now() - days * day).toISOString().slice(0, 19).replace('T', ' ');
    const columns =
      'id, user_id, current_jti, generation, created_at, last_used_at, expires_at, max_expires_at, revoked_at, revoked_reason';
    await app.dataSource.transaction(async (manager) => {
      for (let offset = 0; offset < EXPIRED; offset += CHUNK) {
        const values: unknown[] = [];
        for (let i = 0; i < CHUNK; i++) {
          // A tenth were revoked long ago as well; the rest simply expired.
          const revoked = (offset + i) % 10 === 0;
          values.push(randomBytes(16).toString('hex'), userId, randomBytes(16).toString('hex'), 0);
          values.push(past(3), past(2), past(1), past(-27), revoked ? past(2) : null, revoked ? 'logout' : null);
        }
        const rows = Array.from({ length: CHUNK }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
        await manager.query(`INSERT INTO sessions (${columns}) VALUES ${rows}`, values);
      }
    });
  }

  it('deletes 100k expired sessions in batches and leaves the live ones untouched', async () => {
    const user = await createUser(app, ALICE);
    await seedExpired(user.id);
    const live = await app.api.loginAs(ALICE);
    const revokedRecently = await app.api.loginAs(ALICE);
    await app.request().post('/api/token/blacklist/').send({ refresh: revokedRecently.refresh }).expect(200);

    const started = Date.now();
    const result = await runNode('dist/src/cli.js', ['flush-expired-tokens'], { DATABASE_URL: app.url }, '', 120_000);
    process.stdout.write(`flush of ${EXPIRED} sessions on ${target.name}: ${Date.now() - started} ms\n`);
    expect(result).toEqual({ code: 0, stdout: `deleted ${EXPIRED} expired sessions\n`, stderr: '' });

    expect(await app.dataSource.getRepository(Session).count()).toBe(2);
    await app.request().post('/api/token/refresh/').send({ refresh: live.refresh }).expect(200);
    // The recently revoked session stays until its access tokens have expired everywhere.
    const me = await app.request().get('/api/me').set('Authorization', `Bearer ${revokedRecently.access}`).expect(401);
    expect(me.body.messages[0].message).toBe('Token is blacklisted');

    const again = await runNode('dist/src/cli.js', ['flush-expired-tokens'], { DATABASE_URL: app.url });
    expect(again.stdout).toBe('deleted 0 expired sessions\n');
  });

  it('also forgets login failures nobody added to for a day, but keeps recent ones and running locks', async () => {
    const attempts = app.dataSource.getRepository(LoginAttempt);
    const secondsAgo = (seconds: number) => new Date(Math.floor(Date.now() / 1000 - seconds) * 1000);
    await attempts.insert([
      { username: 'stale-guess', failures: 3, lockedUntil: null, updatedAt: secondsAgo(2 * 86400) },
      { username: 'recent-guess', failures: 2, lockedUntil: null, updatedAt: secondsAgo(60) },
      { username: 'locked-now', failures: 0, lockedUntil: secondsAgo(-600), updatedAt: secondsAgo(300) },
    ]);
    const result = await runNode('dist/src/cli.js', ['flush-expired-tokens'], { DATABASE_URL: app.url });
    expect(result.code).toBe(0);
    const left = (await attempts.find()).map((row) => row.username).sort();
    expect(left).toEqual(['locked-now', 'recent-guess']);
  });

  it('revoke-sessions revokes every live session of a user and prints how many', async () => {
    await createUser(app, { username: 'ivan' });
    const first = await app.api.loginAs({ username: 'ivan', password: PASSWORD });
    await app.api.loginAs({ username: 'ivan', password: PASSWORD });

    const result = await runNode('dist/src/cli.js', ['revoke-sessions', 'ivan'], { DATABASE_URL: app.url });
    expect(result).toEqual({ code: 0, stdout: 'revoked 2 sessions of ivan\n', stderr: '' });
    await app
      .request()
      .post('/api/token/refresh/')
      .send({ refresh: first.refresh })
      .expect(401, { detail: 'Token is blacklisted', code: 'token_not_valid' });

    const unknown = await runNode('dist/src/cli.js', ['revoke-sessions', 'nobody'], { DATABASE_URL: app.url });
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'error: no user named nobody\n' });
  });
});
