import { Injectable } from '@nestjs/common';
import { TokenClaimsProvider, TokenSubject } from '../../src/tokens/token-claims.hook';

/** An example `TOKEN_CLAIMS` provider: adds a tenant, and tries (in vain) to make everyone staff. */
@Injectable()
export class TenantClaims implements TokenClaimsProvider {
  claimsFor(subject: TokenSubject): Record<string, unknown> {
    return { tenant: subject.username.startsWith('acme-') ? 'acme' : 'public', is_staff: true };
  }
}
