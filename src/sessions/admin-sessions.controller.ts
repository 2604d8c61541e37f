import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../access/authenticated-user';
import { CurrentUser } from '../access/current-user.decorator';
import { StaffOnly } from '../access/staff-only.decorator';
import { ApiNotFound, ApiStaff, ApiUnavailable } from '../http/api-docs.decorators';
import { ApiError } from '../http/api.error';
import { IdPipe } from '../http/id.pipe';
import { UsersService } from '../users/users.service';
import { RevokedCountResponse, SessionResponse, toSessionResponse } from './session.response';
import { SessionsService } from './sessions.service';

@StaffOnly()
@ApiTags('admin')
@ApiStaff()
@ApiUnavailable()
@ApiNotFound()
@Controller('api/admin')
export class AdminSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Get('users/:id/sessions')
  @ApiOperation({ summary: "A user's live sessions" })
  @ApiOkResponse({ type: [SessionResponse] })
  async list(@Param('id', IdPipe) userId: number): Promise<SessionResponse[]> {
    await this.existingUser(userId);
    return (await this.sessions.listLive(userId)).map((session) => toSessionResponse(session));
  }

  @Delete('users/:id/sessions')
  @ApiOperation({ summary: 'Revoke every session of a user' })
  @ApiOkResponse({ type: RevokedCountResponse })
  async revokeAllOfUser(
    @Param('id', IdPipe) userId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ revoked: number }> {
    await this.existingUser(userId);
    return { revoked: await this.sessions.revokeAllOf(userId, 'admin', caller.id) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke any session' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async revokeOne(@Param('id') id: string, @CurrentUser() caller: AuthenticatedUser): Promise<void> {
    await this.sessions.revokeAny(id, caller.id);
  }

  private async existingUser(userId: number): Promise<void> {
    if (!(await this.users.findById(userId))) throw ApiError.notFound();
  }
}
