import { TOKEN_MESSAGES, TokenError } from '../http/token.error';

export type TokenType = 'access' | 'refresh' | 'sliding';

/** The claims every token of ours carries once verified. */
export interface VerifiedClaims {
  token_type: TokenType;
  exp: number;
  iat?: number;
  jti: string;
  user_id: number;
  sub?: string;
  sid: string;
  name?: string;
  scope?: string;
  is_staff?: boolean;
  [claim: string]: unknown;
}

const TOKEN_TYPES: readonly string[] = ['access', 'refresh', 'sliding'];
const SESSION_ID = /^[0-9a-f]{32}$/;

/** SimpleJWT accepts `"1"` as well as `1`; anything else is no user at all. */
function userIdOf(value: unknown): number | null {
  const id = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Checks a payload whose signature and times were already verified, in SimpleJWT's order,
 * with its messages. `expected` is the type the caller accepts (any of ours when omitted).
 */
export function checkClaims(payload: unknown, expected?: readonly TokenType[]): VerifiedClaims {
  if (typeof payload !== 'object' || payload === null) throw new TokenError(TOKEN_MESSAGES.invalid);
  const claims = payload as Record<string, unknown>;
  if (claims.exp === undefined) throw new TokenError(TOKEN_MESSAGES.noExp);
  if (claims.token_type === undefined) throw new TokenError(TOKEN_MESSAGES.noType);
  const type = claims.token_type;
  if (typeof type !== 'string' || !TOKEN_TYPES.includes(type) || (expected && !expected.includes(type as TokenType))) {
    throw new TokenError(TOKEN_MESSAGES.wrongType);
  }
  if (typeof claims.jti !== 'string' || claims.jti === '') throw new TokenError(TOKEN_MESSAGES.noId);
  const userId = userIdOf(claims.user_id);
  if (userId === null) throw new TokenError(TOKEN_MESSAGES.noUser);
  if (typeof claims.sid !== 'string' || !SESSION_ID.test(claims.sid)) throw new TokenError(TOKEN_MESSAGES.noSession);
  return { ...claims, user_id: userId } as VerifiedClaims;
}
