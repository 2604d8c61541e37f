export type OAuthErrorCode = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope';

/**
 * RFC 6749 section 5.2 errors, for the OAuth endpoints only: their clients expect
 * `{error, error_description}` rather than our DRF-style bodies.
 */
export class OAuthError extends Error {
  readonly status = 400;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
