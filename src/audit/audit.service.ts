import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { ClientContext } from '../http/client-context';
import { dateOf, nowSeconds } from '../common/clock';
import { retryOnConflict } from '../common/conflict.retry';
import { insertRow, insertStatement, Statement } from '../common/statements';
import { Metrics } from '../metrics/metrics.service';
import { AuditDetail, AuditEvent, AuditEventName } from './audit-event.entity';

export interface AuditFilter {
  userId?: number;
  event?: AuditEventName;
  since?: Date;
  until?: Date;
}

export interface AuditEntry {
  userId?: number | null;
  sessionId?: string | null;
  client?: ClientContext;
  detail?: AuditDetail;
}

/**
 * Writes the security trail. Callers pass facts only: never a password or a token.
 *
 * Every event is also counted for Prometheus here, in the one place all flows already report
 * to: a flow that records its events (login, refresh, reuse, revocation, lockout) is counted
 * without a second call that could be forgotten, and the counters and the trail agree.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly metrics: Metrics,
  ) {}

  async record(event: AuditEventName, entry: AuditEntry = {}): Promise<void> {
    this.count(event, entry.detail);
    try {
      const row = this.rowOf(event, entry);
      await retryOnConflict(() => this.events.insert(row));
    } catch (error) {
      // A lost audit row must not turn a successful login into a failure; it is logged instead.
      this.logger.error(`audit event ${event} not written: ${(error as Error).message}`);
    }
  }

  /**
   * Writes the event inside the caller's transaction, so that it commits or rolls back with the
   * change it describes. A failure propagates: swallowing it would leave a transaction that the
   * database may already have rolled back. Count it with `counted` once the transaction has committed.
   */
  async recordIn(manager: EntityManager, event: AuditEventName, entry: AuditEntry): Promise<void> {
    await insertRow(manager, AuditEvent, this.rowOf(event, entry));
  }

  /**
   * The event's INSERT for a transaction sent as one text (common/one-trip.ts), written only if
   * the statement before it changed exactly one row: the row the event describes. Count it with
   * `counted` once the transaction has committed with that row changed.
   */
  statementAfterChange(event: AuditEventName, entry: AuditEntry): Statement {
    return insertStatement(this.events.manager.connection, AuditEvent, this.rowOf(event, entry), true);
  }

  counted(event: AuditEventName, detail?: AuditDetail): void {
    this.count(event, detail);
  }

  private rowOf(event: AuditEventName, entry: AuditEntry) {
    return {
      at: dateOf(nowSeconds()),
      event,
      userId: entry.userId ?? null,
      sessionId: entry.sessionId ?? null,
      ip: entry.client?.ip ?? null,
      userAgent: entry.client?.userAgent ?? null,
      detail: entry.detail ?? null,
    };
  }

  /** Label values come from the services' own constants (reasons, kinds), never from a request. */
  private count(event: AuditEventName, detail: AuditDetail | undefined): void {
    switch (event) {
      case 'login':
        return this.metrics.loginSucceeded();
      case 'login_failed':
        return this.metrics.loginFailed();
      case 'lockout':
        return this.metrics.lockedOut();
      case 'refresh':
        return this.metrics.refreshed();
      case 'refresh_reuse_detected':
        return this.metrics.reuseDetected(String(detail?.kind ?? 'unknown'));
      case 'session_revoked':
        return this.metrics.sessionRevoked(String(detail?.reason ?? 'unknown'));
      default:
        return;
    }
  }

  /** Newest first. */
  async search(filter: AuditFilter, offset: number, limit: number): Promise<{ count: number; events: AuditEvent[] }> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (filter.userId !== undefined) where.userId = filter.userId;
    if (filter.event !== undefined) where.event = filter.event;
    if (filter.since !== undefined && filter.until !== undefined) where.at = Between(filter.since, filter.until);
    else if (filter.since !== undefined) where.at = MoreThanOrEqual(filter.since);
    else if (filter.until !== undefined) where.at = LessThanOrEqual(filter.until);
    const [events, count] = await this.events.findAndCount({ where, order: { id: 'DESC' }, skip: offset, take: limit });
    return { count, events };
  }
}
