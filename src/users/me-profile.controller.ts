import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Client, ClientContext } from '../common/client-context';
import { AccountService } from './account.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { toUserResponse, UserResponse } from './user.response';

@Controller('api/me')
export class MeProfileController {
  constructor(private readonly accounts: AccountService) {}

  @Get('profile')
  async profile(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponse> {
    return toUserResponse(await this.accounts.get(caller.id));
  }

  @Post('password')
  @HttpCode(204)
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.accounts.changeOwnPassword(
      { userId: caller.id, client },
      caller.sessionId,
      body.old_password,
      body.new_password,
    );
  }
}
