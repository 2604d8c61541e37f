import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';
import { AUDIT_EVENTS } from './audit-event.entity';

/** django-filter ignores a filter given empty (`?event=`), and so do we. */
const blankAsAbsent = Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** ISO 8601 as `Date` reads it: a date, optionally a time, optionally an offset. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** `Date` rolls 2026-02-30 over to March: the calendar date must survive a round trip. */
function isReadableDate(value: unknown): boolean {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return false;
  const day = value.slice(0, 10);
  const calendar = new Date(`${day}T00:00:00Z`);
  return (
    !Number.isNaN(calendar.getTime()) &&
    calendar.toISOString().startsWith(day) &&
    !Number.isNaN(Date.parse(value.replace(' ', 'T')))
  );
}

export class AuditQuery {
  @ApiPropertyOptional({ description: 'Events about this user id.', example: '42' })
  @blankAsAbsent
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'A valid integer is required.' })
  user_id?: string;

  @ApiPropertyOptional({ enum: AUDIT_EVENTS, example: 'refresh_reuse_detected' })
  @blankAsAbsent
  @IsOptional()
  @IsIn(AUDIT_EVENTS, { message: `Select a valid choice: one of ${AUDIT_EVENTS.join(', ')}.` })
  event?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; events at or after it.', example: '2026-01-31T00:00:00Z' })
  @blankAsAbsent
  @IsOptional()
  @ValidateBy({
    name: 'isoDateTime',
    validator: { validate: isReadableDate, defaultMessage: () => 'Enter a valid date/time in ISO 8601 format.' },
  })
  since?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; events at or before it.', example: '2026-01-31T23:59:59Z' })
  @blankAsAbsent
  @IsOptional()
  @ValidateBy({
    name: 'isoDateTime',
    validator: { validate: isReadableDate, defaultMessage: () => 'Enter a valid date/time in ISO 8601 format.' },
  })
  until?: string;
}
