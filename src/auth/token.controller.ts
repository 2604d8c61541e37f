import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiFieldErrors, ApiJsonOrFormBody, ApiThrottled, ApiUnavailable } from '../http/api-docs.decorators';
import { Client, ClientContext } from '../http/client-context';
import { ErrorBody, TokenErrorBody } from '../http/error.responses';
import { Public } from '../access/public.decorator';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { VerifyDto } from './dto/verify.dto';
import { LoginService } from './login.service';
import { RefreshCookie } from './refresh-cookie.interceptor';
import { RefreshResult, RefreshService } from './refresh.service';
import { EmptyResponse, RefreshResponse, TokenPairResponse } from './token.responses';
import { TokenPair } from '../tokens/token.service';

const WRONG_CREDENTIALS = { detail: 'No active account found with the given credentials', code: 'no_active_account' };
const TOKEN_REFUSED = { detail: 'Token is blacklisted', code: 'token_not_valid' };

/** SimpleJWT's endpoints, same paths and bodies; the trailing slash is optional. */
@Public()
@ApiTags('token')
@ApiUnavailable()
@Controller('api/token')
export class TokenController {
  constructor(
    private readonly login: LoginService,
    private readonly refreshes: RefreshService,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('issue')
  @ApiOperation({
    summary: 'Log in: a token pair for a username and password',
    description:
      'Opens a session. In cookie mode (REFRESH_COOKIE=true, or the request header `X-Refresh-Cookie: true`) the ' +
      'refresh token is set as an HttpOnly cookie and the body carries `access` only; a foreign `Origin` is 403.',
  })
  @ApiJsonOrFormBody(LoginDto)
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiFieldErrors({ password: ['This field is required.'] })
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    description: 'Wrong password, unknown or inactive user: all alike.',
    example: WRONG_CREDENTIALS,
  })
  @ApiThrottled()
  async obtain(@Body() body: LoginDto, @Client() client: ClientContext): Promise<TokenPair> {
    const { access, refresh } = await this.login.login(body.username, body.password, client);
    return { refresh, access };
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('rotate')
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Rotates the refresh token. Presenting a retired one again (outside REFRESH_REUSE_GRACE) is theft: the ' +
      'session is revoked. In cookie mode (REFRESH_COOKIE=true or `X-Refresh-Cookie: true`) the token may come from ' +
      'the cookie (with X-Requested-With), the new one goes back in the cookie, and the body carries `access` only.',
  })
  @ApiJsonOrFormBody(RefreshDto)
  @ApiOkResponse({ type: RefreshResponse })
  @ApiFieldErrors({ refresh: ['This field is required.'] })
  @ApiUnauthorizedResponse({ type: TokenErrorBody, example: TOKEN_REFUSED })
  async refresh(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<Omit<RefreshResult, 'scope'>> {
    const { access, refresh } = await this.refreshes.refresh(body.refresh, client);
    return refresh === undefined ? { access } : { access, refresh };
  }

  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('check')
  @ApiOperation({
    summary: 'Check a token of either type',
    description: 'Read-only: a rotated or revoked token is "blacklisted" here and never counts as reuse.',
  })
  @ApiJsonOrFormBody(VerifyDto)
  @ApiOkResponse({ type: EmptyResponse, example: {} })
  @ApiFieldErrors({ token: ['This field is required.'] })
  @ApiUnauthorizedResponse({
    type: TokenErrorBody,
    example: { detail: 'Token is invalid or expired', code: 'token_not_valid' },
  })
  async verify(@Body() body: VerifyDto): Promise<Record<string, never>> {
    await this.refreshes.verify(body.token);
    return {};
  }

  @Post('blacklist')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @RefreshCookie('end')
  @ApiOperation({
    summary: "Log out: end the refresh token's session",
    description: 'Clears the cookie in cookie mode.',
  })
  @ApiJsonOrFormBody(RefreshDto)
  @ApiOkResponse({ type: EmptyResponse, example: {} })
  @ApiFieldErrors({ refresh: ['This field is required.'] })
  @ApiUnauthorizedResponse({ type: TokenErrorBody, example: TOKEN_REFUSED })
  async blacklist(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<Record<string, never>> {
    await this.refreshes.blacklist(body.refresh, client);
    return {};
  }
}
