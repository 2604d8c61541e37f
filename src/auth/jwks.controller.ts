import { Controller, Get, Header } from '@nestjs/common';
import { Public } from './decorators/public.decorator';
import { KeyRing, PublicJwk } from './key.ring';

/**
 * RFC 7517 key set for resource servers that verify our tokens themselves. Public keys only:
 * under HMAC the set is empty. Cacheable for a few minutes: verifiers refetch it when they meet
 * a `kid` they do not know yet, as JWKS clients do after a key rotation.
 */
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): { keys: PublicJwk[] } {
    return this.keys.jwks();
  }
}
