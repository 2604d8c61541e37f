import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_EVENTS = [
  'login',
  'login_failed',
  'lockout',
  'refresh',
  'refresh_reuse_detected',
  'logout',
  'session_revoked',
  'password_changed',
  'user_created',
  'user_updated',
  'user_deleted',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export type AuditDetail = Record<string, string | number | boolean | null>;

/** No foreign keys: the trail must outlive the users and sessions it mentions. */
@Entity('audit_events')
@Index('IDX_audit_events_at', ['at'])
@Index('IDX_audit_events_user_at', ['userId', 'at'])
@Index('IDX_audit_events_event_at', ['event', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'datetime' })
  at!: Date;

  @Column({ type: 'varchar', length: 32 })
  event!: AuditEventName;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Column({ name: 'session_id', type: 'varchar', length: 32, nullable: true })
  sessionId!: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  detail!: AuditDetail | null;
}
