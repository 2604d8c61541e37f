import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * One login: a family of refresh tokens rotated in place. Only token ids (`jti`) are stored,
 * never a token.
 */
@Entity('sessions')
@Index('IDX_sessions_user_live', ['userId', 'revokedAt'])
@Index('IDX_sessions_expires_at', ['expiresAt'])
@Index('IDX_sessions_revoked_at', ['revokedAt'])
export class Session {
  /** The `sid` claim: 128 random bits in hex. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sessions_user' })
  user?: User;

  @Column({ name: 'current_jti', type: 'varchar', length: 32 })
  currentJti!: string;

  @Column({ name: 'previous_jti', type: 'varchar', length: 32, nullable: true })
  previousJti!: string | null;

  @Column({ name: 'rotated_at', type: 'datetime', nullable: true })
  rotatedAt!: Date | null;

  /**
   * How many rotations committed: the audit of rotation itself. The refresh benchmark compares it
   * with the exchanges each client saw answered, which proves none was lost or applied twice
   * (on one database, several instances, or a Galera cluster).
   */
  @Column({ type: 'integer', default: 0 })
  generation!: number;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /** Milliseconds: it orders sessions for MAX_SESSIONS_PER_USER, and logins come fast. */
  @Column({ name: 'last_used_at', type: 'datetime', precision: 3 })
  lastUsedAt!: Date;

  /** Expiry of the current refresh token. */
  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;

  /** SESSION_MAX_LIFETIME after login: no refresh token outlives it. */
  @Column({ name: 'max_expires_at', type: 'datetime' })
  maxExpiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 32, nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;
}
