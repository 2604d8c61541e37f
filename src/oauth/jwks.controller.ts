import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../access/public.decorator';
import { KeyRing, PublicJwk } from '../tokens/key.ring';

/**
 * RFC 7517 key set for resource servers that verify our tokens themselves. Public keys only:
 * under HMAC the set is empty. Cacheable for a few minutes: verifiers refetch it when they meet
 * a `kid` they do not know yet, as JWKS clients do after a key rotation.
 */
@Public()
@ApiTags('keys')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  @ApiOperation({ summary: 'Public keys that verify our tokens (RFC 7517)', description: 'Empty under HMAC.' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
      example: {
        keys: [
          {
            kty: 'EC',
            crv: 'P-256',
            x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
            y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
            kid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
            alg: 'ES256',
            use: 'sig',
          },
        ],
      },
    },
  })
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: PublicJwk[] } {
    return this.keys.jwks();
  }
}
