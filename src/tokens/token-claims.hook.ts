/**
 * Extension point for other modules: provide `TOKEN_CLAIMS` (in any module) with an object
 * implementing `TokenClaimsProvider`, and its claims are added to every access token.
 *
 *   { provide: TOKEN_CLAIMS, useClass: TenantClaims }
 */
export const TOKEN_CLAIMS = Symbol('TOKEN_CLAIMS');

/** What a claims provider learns about the user: never the password hash. */
export interface TokenSubject {
  id: number;
  username: string;
  email: string;
  isStaff: boolean;
  scopes: readonly string[];
}

export interface TokenClaimsProvider {
  /** Called on every access-token issue (login and refresh); keep it fast and synchronous. */
  claimsFor(subject: TokenSubject): Record<string, unknown>;
}

/** Claims the service owns: a provider cannot replace them, whatever it returns. */
export const RESERVED_CLAIMS: readonly string[] = [
  'token_type',
  'exp',
  'iat',
  'nbf',
  'jti',
  'user_id',
  'sub',
  'sid',
  'name',
  'scope',
  'is_staff',
  'iss',
  'aud',
  'refresh_exp',
];
