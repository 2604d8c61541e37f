import * as jwt from 'jsonwebtoken';
import { TEST_SIGNING_KEY } from './test-app';

export interface Pair {
  access: string;
  refresh: string;
}

export function decode(token: string): Record<string, unknown> {
  return jwt.decode(token) as Record<string, unknown>;
}

/** A token signed with the server's own key but with claims of the test's choosing. */
export function craft(
  claims: Record<string, unknown>,
  options: jwt.SignOptions = {},
  key: string = TEST_SIGNING_KEY,
): string {
  return jwt.sign(claims, key, { algorithm: 'HS256', noTimestamp: true, ...options });
}

/** Claims of a refresh token of `base` with some replaced or removed (undefined). */
export function variant(base: string, changes: Record<string, unknown>): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...decode(base), ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete claims[name];
  return claims;
}
