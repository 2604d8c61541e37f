import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../access/authenticated-user';
import { CurrentUser } from '../access/current-user.decorator';
import { ApiBearer, ApiNotFound, ApiUnavailable } from '../http/api-docs.decorators';
import { RevokedCountResponse, SessionResponse, toSessionResponse } from './session.response';
import { SessionsService } from './sessions.service';

@ApiTags('me')
@ApiBearer()
@ApiUnavailable()
@Controller('api/me/sessions')
export class MeSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's live sessions", description: '`current` marks the one of this token.' })
  @ApiOkResponse({ type: [SessionResponse] })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<SessionResponse[]> {
    const live = await this.sessions.listLive(caller.id);
    return live.map((session) => toSessionResponse(session, caller.sessionId));
  }

  /** Log out everywhere, this session included. */
  @Delete()
  @ApiOperation({
    summary: 'Log out everywhere',
    description: 'Revokes every session of the caller, this one included.',
  })
  @ApiOkResponse({ type: RevokedCountResponse })
  async revokeAll(@CurrentUser() caller: AuthenticatedUser): Promise<{ revoked: number }> {
    return { revoked: await this.sessions.revokeAllOf(caller.id, 'user', caller.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of the own sessions' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFound()
  async revokeOne(@CurrentUser() caller: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.sessions.revokeOwn(caller.id, id, caller.id);
  }
}
