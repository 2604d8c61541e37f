import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { AuthenticatedUser } from '../../src/access/authenticated-user';
import { CurrentUser } from '../../src/access/current-user.decorator';
import { Public } from '../../src/access/public.decorator';
import { Scopes } from '../../src/access/scopes.decorator';
import { StaffOnly } from '../../src/access/staff-only.decorator';
import { JwtAuthGuard } from '../../src/tokens/jwt-auth.guard';
import { ScopesGuard } from '../../src/access/scopes.guard';
import { StaffGuard } from '../../src/access/staff.guard';

/** How another module of the product uses the auth module: nothing here touches the database. */
@Controller('api/messages')
export class MessagesController {
  @Public()
  @Get('motd')
  motd(): { text: string } {
    return { text: 'hello, anyone' };
  }

  @Scopes('read:messages')
  @Get()
  list(@CurrentUser() user: AuthenticatedUser): { owner: string; tenant: unknown; messages: string[] } {
    return { owner: user.username, tenant: user.claims.tenant, messages: ['first'] };
  }

  @StaffOnly()
  @Post('broadcast')
  broadcast(@CurrentUser() user: AuthenticatedUser): { sent_by: number } {
    return { sent_by: user.id };
  }
}

/** The same checks applied per route, for an application that does not register the guards globally. */
@Controller('api/per-route')
@UseGuards(JwtAuthGuard, ScopesGuard, StaffGuard)
export class PerRouteController {
  @Scopes('write:messages')
  @Get()
  write(@CurrentUser() user: AuthenticatedUser): { id: number } {
    return { id: user.id };
  }
}
