import { Body, Controller, Header, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/public.decorator';
import { StaffOnly } from '../access/staff-only.decorator';
import { ApiStaff } from '../http/api-docs.decorators';
import { Client, ClientContext } from '../http/client-context';
import { OAuthErrorBody } from '../http/error.responses';
import { asParams } from './oauth-params';
import { INTROSPECT_REQUEST, INTROSPECTION, REVOKE_REQUEST, TOKEN_REQUEST, TOKEN_RESPONSE } from './oauth.docs';
import { Introspection, OAuthService, OAuthTokenResponse } from './oauth.service';

/** RFC 6749 (refresh grant), RFC 7009 (revocation), RFC 7662 (introspection). */
@ApiTags('oauth')
@ApiConsumes('application/x-www-form-urlencoded', 'application/json')
@ApiBadRequestResponse({
  type: OAuthErrorBody,
  description: 'RFC 6749 section 5.2.',
  example: { error: 'invalid_grant', error_description: 'Token is blacklisted' },
})
@Controller('oauth')
export class OAuthController {
  constructor(private readonly oauth: OAuthService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Refresh grant (RFC 6749 section 6)',
    description: 'Same rotation, grace and reuse rules as /api/token/refresh/. There is no password grant.',
  })
  @ApiBody({ schema: TOKEN_REQUEST })
  @ApiOkResponse({ schema: TOKEN_RESPONSE })
  token(@Body() body: unknown, @Client() client: ClientContext): Promise<OAuthTokenResponse> {
    return this.oauth.token(asParams(body), client);
  }

  /** RFC 7009 section 2.2: 200 with an empty body, whether or not the token was known. */
  @Public()
  @Post('revoke')
  @ApiOperation({
    summary: 'Revoke a token (RFC 7009)',
    description: '200 with an empty body, even for unknown tokens.',
  })
  @ApiBody({ schema: REVOKE_REQUEST })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke.' })
  async revoke(@Body() body: unknown, @Client() client: ClientContext, @Res() reply: FastifyReply): Promise<void> {
    await this.oauth.revoke(asParams(body), client);
    await reply.status(200).send();
  }

  /** Callers must be staff (RFC 7662 section 2.1: the endpoint itself is protected). */
  @StaffOnly()
  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Introspect a token (RFC 7662)', description: 'Staff bearer token required.' })
  @ApiStaff()
  @ApiBody({ schema: INTROSPECT_REQUEST })
  @ApiOkResponse({ schema: INTROSPECTION })
  introspect(@Body() body: unknown): Promise<Introspection> {
    return this.oauth.introspect(asParams(body));
  }
}
