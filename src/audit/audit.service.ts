import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ClientContext } from '../common/client-context';
import { dateOf, nowSeconds } from '../common/clock';
import { AuditDetail, AuditEvent, AuditEventName } from './audit-event.entity';

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
}
