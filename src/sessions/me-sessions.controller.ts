import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { SessionResponse, toSessionResponse } from './session.response';
import { SessionsService } from './sessions.service';

@Controller('api/me/sessions')
export class MeSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<SessionResponse[]> {
    const live = await this.sessions.listLive(caller.id);
    return live.map((session) => toSessionResponse(session, caller.sessionId));
  }

  /** Log out everywhere, this session included. */
  @Delete()
  async revokeAll(@CurrentUser() caller: AuthenticatedUser): Promise<{ revoked: number }> {
    return { revoked: await this.sessions.revokeAllOf(caller.id, 'user', caller.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async revokeOne(@CurrentUser() caller: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    await this.sessions.revokeOwn(caller.id, id, caller.id);
  }
}
