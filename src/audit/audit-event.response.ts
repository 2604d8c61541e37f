import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_EVENTS, AuditDetail, AuditEvent } from './audit-event.entity';

export class AuditEventResponse {
  @ApiProperty({ example: 1042 })
  id!: number;

  @ApiProperty({ format: 'date-time', example: '2026-01-31T09:30:00.000Z' })
  at!: string;

  @ApiProperty({ enum: AUDIT_EVENTS, example: 'refresh_reuse_detected' })
  event!: string;

  @ApiProperty({ type: Number, nullable: true, example: 42 })
  user_id!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '9f86d081884c7d659a2feaa0c55ad015' })
  sid!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  user_agent!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Facts of the event: `{kind}` for reuse, `{reason, by}` for revocations.',
    example: { kind: 'older_generation' },
  })
  detail!: AuditDetail;
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
