import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '../access/staff-only.decorator';
import { ApiFieldErrors, ApiPaginated, ApiStaff, ApiUnavailable } from '../http/api-docs.decorators';
import { fetchPage, PageQuery, PageRequest, Paginated } from '../drf/pagination';
import { AuditEventName } from './audit-event.entity';
import { AuditEventResponse, toAuditEventResponse } from './audit-event.response';
import { AuditQuery } from './audit-query.dto';
import { AuditService } from './audit.service';

@StaffOnly()
@ApiTags('admin')
@ApiStaff()
@ApiUnavailable()
@Controller('api/admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The security trail, newest first', description: '`since` and `until` are inclusive.' })
  @ApiPaginated(AuditEventResponse)
  @ApiFieldErrors({ since: ['Enter a valid date/time in ISO 8601 format.'] })
  async list(@Query() query: AuditQuery, @PageQuery() page: PageRequest): Promise<Paginated<AuditEventResponse>> {
    const filter = {
      userId: query.user_id === undefined ? undefined : Number(query.user_id),
      event: query.event as AuditEventName | undefined,
      since: query.since === undefined ? undefined : new Date(query.since.replace(' ', 'T')),
      until: query.until === undefined ? undefined : new Date(query.until.replace(' ', 'T')),
    };
    return fetchPage(page, async (offset, limit) => {
      const { count, events } = await this.audit.search(filter, offset, limit);
      return { count, rows: events.map(toAuditEventResponse) };
    });
  }
}
