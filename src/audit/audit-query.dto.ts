import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { AUDIT_EVENTS } from './audit-event.entity';

export class AuditQuery {
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'A valid integer is required.' })
  user_id?: string;

  @IsOptional()
  @IsIn(AUDIT_EVENTS, { message: `Select a valid choice: one of ${AUDIT_EVENTS.join(', ')}.` })
  event?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Enter a valid date/time in ISO 8601 format.' })
  since?: string;
}
