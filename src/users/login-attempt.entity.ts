import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed logins in a row for one username, whether or not such a user exists, so that a lock
 * says nothing about who has an account. Shared through the database by every instance.
 */
@Entity('login_attempts')
@Index('IDX_login_attempts_updated_at', ['updatedAt'])
export class LoginAttempt {
  /** As typed at login (trimmed); names longer than the column are stored as a digest. */
  @PrimaryColumn({ type: 'varchar', length: 150 })
  username!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'locked_until', type: 'datetime', nullable: true })
  lockedUntil!: Date | null;

  /** Last failure or lock; rows untouched for long are stale and may be deleted. */
  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
