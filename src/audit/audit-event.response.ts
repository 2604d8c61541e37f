import { AuditDetail, AuditEvent } from './audit-event.entity';

export interface AuditEventResponse {
  id: number;
  at: string;
  event: string;
  user_id: number | null;
  sid: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: AuditDetail;
}

export function toAuditEventResponse(event: AuditEvent): AuditEventResponse {
  return {
    id: event.id,
    at: event.at.toISOString(),
    event: event.event,
    user_id: event.userId,
    sid: event.sessionId,
    ip: event.ip,
    user_agent: event.userAgent,
    detail: event.detail ?? {},
  };
}
