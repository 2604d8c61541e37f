import { Body, Controller, Header, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators/public.decorator';
import { StaffOnly } from '../auth/decorators/staff-only.decorator';
import { Client, ClientContext } from '../common/client-context';
import { asParams } from './oauth-params';
import { Introspection, OAuthService, OAuthTokenResponse } from './oauth.service';

/** RFC 6749 (refresh grant), RFC 7009 (revocation), RFC 7662 (introspection). */
@Controller('oauth')
export class OAuthController {
  constructor(private readonly oauth: OAuthService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Body() body: unknown, @Client() client: ClientContext): Promise<OAuthTokenResponse> {
    return this.oauth.token(asParams(body), client);
  }

  /** RFC 7009 section 2.2: 200 with an empty body, whether or not the token was known. */
  @Public()
  @Post('revoke')
  async revoke(@Body() body: unknown, @Client() client: ClientContext, @Res() reply: FastifyReply): Promise<void> {
    await this.oauth.revoke(asParams(body), client);
    await reply.status(200).send();
  }

  /** Callers must be staff (RFC 7662 section 2.1: the endpoint itself is protected). */
  @StaffOnly()
  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  introspect(@Body() body: unknown): Promise<Introspection> {
    return this.oauth.introspect(asParams(body));
  }
}
