import { ApiError } from '../http/api.error';

/**
 * SimpleJWT's header rules: no header, an empty one or an unknown scheme (matched
 * case-sensitively) means "no credentials"; a known scheme without exactly one token is a
 * malformed header. Whitespace runs count as one separator, as Python's `split()` does.
 */
export function tokenFromAuthorization(header: string | string[] | undefined, types: readonly string[]): string {
  const parts = typeof header === 'string' ? header.split(/\s+/).filter(Boolean) : [];
  if (parts.length === 0 || !types.includes(parts[0])) {
    throw ApiError.notAuthenticated();
  }
  if (parts.length !== 2) {
    throw new ApiError('bad_authorization_header', 'Authorization header must contain two space-delimited values');
  }
  return parts[1];
}
