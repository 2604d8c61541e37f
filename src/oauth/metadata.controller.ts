import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { Public } from '../access/public.decorator';
import { tokensConfig } from '../config/configuration';
import { publicBaseOf } from '../http/public-url';
import { METADATA } from './oauth.docs';

/** RFC 8414 metadata: what a standard client needs to find and use our endpoints. */
export interface AuthorizationServerMetadata {
  issuer: string;
  token_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  jwks_uri: string;
  grant_types_supported: string[];
  response_types_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  revocation_endpoint_auth_methods_supported: string[];
  introspection_endpoint_auth_methods_supported: string[];
}

@Public()
@ApiTags('oauth')
@Controller('.well-known')
export class MetadataController {
  constructor(@Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>) {}

  @Get('oauth-authorization-server')
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ schema: METADATA })
  metadata(@Req() request: FastifyRequest): AuthorizationServerMetadata {
    const base = publicBaseOf(request);
    const issuer = this.config.issuer ?? base;
    return {
      issuer,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      introspection_endpoint: `${base}/oauth/introspect`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: ['refresh_token'],
      // Required by RFC 8414; there is no authorization endpoint (first-party login at /api/token/).
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      introspection_endpoint_auth_methods_supported: ['bearer'],
    };
  }
}
