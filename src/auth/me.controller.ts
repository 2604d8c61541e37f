import { Controller, Get } from '@nestjs/common';
import { AuthenticatedUser } from './authenticated-user';
import { CurrentUser } from './decorators/current-user.decorator';

export interface MeResponse {
  id: number;
  username: string;
  is_staff: boolean;
  scopes: readonly string[];
}

@Controller('api/me')
export class MeController {
  /** From the token alone: answers while the database is down. */
  @Get()
  me(@CurrentUser() user: AuthenticatedUser): MeResponse {
    return { id: user.id, username: user.username, is_staff: user.isStaff, scopes: user.scopes };
  }
}
