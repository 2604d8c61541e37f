import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../access/authenticated-user';
import { CurrentUser } from '../access/current-user.decorator';
import {
  ApiBearer,
  ApiFieldErrors,
  ApiJsonOrFormBody,
  ApiThrottled,
  ApiUnavailable,
} from '../http/api-docs.decorators';
import { Client, ClientContext } from '../http/client-context';
import { AccountService } from './account.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { toUserResponse, UserResponse } from './user.response';

@ApiTags('me')
@ApiBearer()
@ApiUnavailable()
@Controller('api/me')
export class MeProfileController {
  constructor(private readonly accounts: AccountService) {}

  @Get('profile')
  @ApiOperation({ summary: 'The caller as a user object' })
  @ApiOkResponse({ type: UserResponse })
  async profile(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponse> {
    return toUserResponse(await this.accounts.get(caller.id));
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the own password',
    description:
      'Revokes every other session of the user. A wrong old password counts as a failed login of the user ' +
      '(lockout and per-IP limit): 429 while locked, even with the right one.',
  })
  @ApiThrottled()
  @ApiJsonOrFormBody(ChangePasswordDto)
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiFieldErrors({ old_password: ['Wrong password.'] })
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.accounts.changeOwnPassword(
      { by: caller.id, client },
      caller.sessionId,
      body.old_password,
      body.new_password,
    );
  }
}
