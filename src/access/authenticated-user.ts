/** The claims of the token the caller presented; other modules may read their own custom claims. */
export type PrincipalClaims = Readonly<Record<string, unknown>>;

/** The caller as its access token describes it; built without touching the database. */
export class AuthenticatedUser {
  constructor(
    readonly id: number,
    readonly username: string,
    readonly isStaff: boolean,
    readonly scopes: readonly string[],
    readonly sessionId: string,
    readonly tokenId: string,
    readonly claims: PrincipalClaims,
  ) {}

  hasScopes(required: readonly string[]): boolean {
    return required.every((scope) => this.scopes.includes(scope));
  }
}
