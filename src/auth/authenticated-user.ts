import { VerifiedClaims } from './token.claims';

/** The caller as its access token describes it; built without touching the database. */
export class AuthenticatedUser {
  constructor(
    readonly id: number,
    readonly username: string,
    readonly isStaff: boolean,
    readonly scopes: readonly string[],
    readonly sessionId: string,
    readonly tokenId: string,
    readonly claims: VerifiedClaims,
  ) {}

  static fromClaims(claims: VerifiedClaims): AuthenticatedUser {
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    return new AuthenticatedUser(
      claims.user_id,
      typeof claims.name === 'string' ? claims.name : '',
      claims.is_staff === true,
      scopes,
      claims.sid,
      claims.jti,
      claims,
    );
  }

  hasScopes(required: readonly string[]): boolean {
    return required.every((scope) => this.scopes.includes(scope));
  }
}
