import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import {
  ApiFieldErrors,
  ApiJsonOrFormBody,
  ApiNotFound,
  ApiThrottled,
  ApiUnavailable,
} from '../http/api-docs.decorators';
import { Client, ClientContext } from '../http/client-context';
import { ErrorBody, TokenErrorBody } from '../http/error.responses';
import { Public } from '../access/public.decorator';
import { LoginDto } from './dto/login.dto';
import { VerifyDto } from './dto/verify.dto';
import { RefreshCookie } from './refresh-cookie.interceptor';
import { SlidingService } from './sliding.service';
import { SlidingTokenResponse } from './token.responses';

/** SimpleJWT's sliding-token endpoints; 404 unless SLIDING_TOKENS=true. */
@Public()
@ApiTags('token')
@ApiUnavailable()
@ApiNotFound('Not found. (SLIDING_TOKENS is off)')
@Controller('api/token/sliding')
export class SlidingController {
  constructor(private readonly sliding: SlidingService) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('check')
  @ApiOperation({ summary: 'Log in for a sliding token', description: 'Only with SLIDING_TOKENS=true.' })
  @ApiJsonOrFormBody(LoginDto)
  @ApiOkResponse({ type: SlidingTokenResponse })
  @ApiFieldErrors({ password: ['This field is required.'] })
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    example: { detail: 'No active account found with the given credentials', code: 'no_active_account' },
  })
  @ApiThrottled()
  async obtain(@Body() body: LoginDto, @Client() client: ClientContext): Promise<{ token: string }> {
    return { token: await this.sliding.obtain(body.username, body.password, client) };
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('check')
  @ApiOperation({
    summary: 'Extend a sliding token',
    description: 'Until its `refresh_exp`. Only with SLIDING_TOKENS=true.',
  })
  @ApiJsonOrFormBody(VerifyDto)
  @ApiOkResponse({ type: SlidingTokenResponse })
  @ApiFieldErrors({ token: ['This field is required.'] })
  @ApiUnauthorizedResponse({
    type: TokenErrorBody,
    example: { detail: 'Token is invalid or expired', code: 'token_not_valid' },
  })
  async refresh(@Body() body: VerifyDto, @Client() client: ClientContext): Promise<{ token: string }> {
    return { token: await this.sliding.refresh(body.token, client) };
  }
}
