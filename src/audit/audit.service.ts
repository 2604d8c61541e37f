import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, MoreThanOrEqual, Repository } from 'typeorm';
import { ClientContext } from '../common/client-context';
import { dateOf, nowSeconds } from '../common/clock';
import { AuditDetail, AuditEvent, AuditEventName } from './audit-event.entity';

export interface AuditFilter {
  userId?: number;
  event?: AuditEventName;
  since?: Date;
}

export interface AuditEntry {
  userId?: number | null;
  sessionId?: string | null;
  client?: ClientContext;
  detail?: AuditDetail;
}

/** Writes the security trail. Callers pass facts only: never a password or a token. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async record(event: AuditEventName, entry: AuditEntry = {}): Promise<void> {
    try {
      await this.events.insert({
        at: dateOf(nowSeconds()),
        event,
        userId: entry.userId ?? null,
        sessionId: entry.sessionId ?? null,
        ip: entry.client?.ip ?? null,
        userAgent: entry.client?.userAgent ?? null,
        detail: entry.detail ?? null,
      });
    } catch (error) {
      // A lost audit row must not turn a successful login into a failure; it is logged instead.
      this.logger.error(`audit event ${event} not written: ${(error as Error).message}`);
    }
  }

  /** Newest first. */
  async search(filter: AuditFilter, offset: number, limit: number): Promise<{ count: number; events: AuditEvent[] }> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (filter.userId !== undefined) where.userId = filter.userId;
    if (filter.event !== undefined) where.event = filter.event;
    if (filter.since !== undefined) where.at = MoreThanOrEqual(filter.since);
    const [events, count] = await this.events.findAndCount({ where, order: { id: 'DESC' }, skip: offset, take: limit });
    return { count, events };
  }
}
