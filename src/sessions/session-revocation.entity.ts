import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only log that every instance polls (`id > last_seen`) to learn of sessions revoked
 * elsewhere, so that their access tokens stop working everywhere without a per-request lookup.
 */
@Entity('session_revocations')
@Index('IDX_session_revocations_revoked_at', ['revokedAt'])
export class SessionRevocation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'session_id', type: 'varchar', length: 32 })
  sessionId!: string;

  @Column({ name: 'revoked_at', type: 'datetime' })
  revokedAt!: Date;
}
