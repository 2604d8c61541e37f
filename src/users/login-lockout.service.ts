import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, In, LessThan, Repository } from 'typeorm';
import { deleteInBatches } from '../common/batches';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { loginConfig } from '../config/configuration';
import { LoginAttempt } from './login-attempt.entity';

/** The width of `login_attempts.username`, in characters as the database counts them. */
const USERNAME_COLUMN_LENGTH = 150;
const STALE_AFTER_SECONDS = 86400;

/**
 * No real user has a name longer than the column (users.username is as wide), but anybody may
 * type one: those are counted under a digest instead, which cannot clash with a real name.
 */
function keyOf(username: string): string {
  if ([...username].length <= USERNAME_COLUMN_LENGTH) return username;
  return `sha256:${createHash('sha256').update(username, 'utf8').digest('hex')}`;
}

/**
 * LOGIN_MAX_FAILURES consecutive failures lock a username for LOGIN_LOCKOUT. Every change is
 * one conditional UPDATE, so instances sharing the database agree without reading first: of
 * any number of concurrent failures, exactly one sees the row reach the limit and locks it.
 * Failures while locked are not counted (the lock already answers them).
 */
@Injectable()
export class LoginLockout {
  private readonly attempts: Repository<LoginAttempt>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(loginConfig.KEY) private readonly config: ConfigType<typeof loginConfig>,
  ) {
    this.attempts = dataSource.getRepository(LoginAttempt);
  }

  /**
   * Seconds until the lock on `username` ends (0 when it is not locked), and whether failures are
   * on record: without them a successful login has nothing to reset and saves a write.
   */
  async status(username: string): Promise<{ secondsLocked: number; hasFailures: boolean }> {
    // The key is selected too: TypeORM gives null for a row whose selected columns are all NULL.
    const row = await this.attempts.findOne({
      select: { username: true, lockedUntil: true },
      where: { username: keyOf(username) },
    });
    const until = row?.lockedUntil ? secondsOf(row.lockedUntil) : 0;
    return { secondsLocked: Math.max(0, until - nowSeconds()), hasFailures: row !== null };
  }

  /** Counts one failure; true when it is the one that locked the username. */
  async recordFailure(username: string): Promise<boolean> {
    const key = keyOf(username);
    const now = dateOf(nowSeconds());
    const unlocked = '(locked_until IS NULL OR locked_until <= :now)';
    await this.attempts
      .createQueryBuilder()
      .insert()
      .into(LoginAttempt)
      .values({ username: key, failures: 0, lockedUntil: null, updatedAt: now })
      .orIgnore()
      .execute();
    await this.attempts
      .createQueryBuilder()
      .update(LoginAttempt)
      .set({ failures: () => 'failures + 1', updatedAt: now })
      .where(`username = :key AND ${unlocked}`, { key, now })
      .execute();
    // The count restarts with the lock, so that its end gives LOGIN_MAX_FAILURES tries again.
    const locked = await this.attempts
      .createQueryBuilder()
      .update(LoginAttempt)
      .set({ failures: 0, lockedUntil: dateOf(nowSeconds() + this.config.lockoutSeconds), updatedAt: now })
      .where(`username = :key AND failures >= :max AND ${unlocked}`, { key, now, max: this.config.maxFailures })
      .execute();
    return locked.affected === 1;
  }

  /** A successful login clears the count; a lock set meanwhile by a concurrent failure stays. */
  async reset(username: string): Promise<void> {
    await this.attempts
      .createQueryBuilder()
      .delete()
      .from(LoginAttempt)
      .where('username = :key AND (locked_until IS NULL OR locked_until <= :now)', {
        key: keyOf(username),
        now: dateOf(nowSeconds()),
      })
      .execute();
  }

  /**
   * Forgets failures nobody has added to for a day (or a lockout, if longer), so that the table
   * does not keep every name an attacker ever tried; a running lock is never older than that.
   */
  forgetStale(): Promise<number> {
    const before = dateOf(nowSeconds() - Math.max(STALE_AFTER_SECONDS, this.config.lockoutSeconds));
    return deleteInBatches(
      async (limit) =>
        (
          await this.attempts.find({ select: { username: true }, where: { updatedAt: LessThan(before) }, take: limit })
        ).map((row) => row.username),
      (usernames) => this.attempts.delete({ username: In(usernames) }),
    );
  }
}
