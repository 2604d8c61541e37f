import { VerifiedClaims } from './token.claims';

/**
 * Room for the access tokens of every client active on one instance within an access lifetime
 * (5 minutes by default); at about 1 KiB per entry that is ~10 MiB at most.
 */
export const VERIFIED_TOKEN_CAPACITY = 10_000;

interface Entry<Value> {
  value: Value;
  /** The token's `exp`, in seconds. */
  expiresAt: number;
}

/**
 * Tokens whose signature and claims were already checked, by their full string, until their
 * `exp`, with what their check produced (the guard's user, TokenService's claims): the same
 * string verifies the same way until then, because keys, algorithm, issuer and audience are
 * fixed for the life of the process. Only successes are kept (a bad token costs a full check
 * every time, so it cannot fill the cache), and revocation is not cached at all: callers check
 * the session against the `RevocationList` (or the database) on every request.
 *
 * An entry ends at `exp` itself, not `exp + JWT_LEEWAY`: within the leeway the full check runs
 * again and still accepts, so answers stay identical with or without the cache. Tokens with
 * `nbf` are never kept (ours have none), so a clock stepped backwards cannot accept one early.
 *
 * Bounded: when full, the oldest entry goes first. Tokens are issued with one lifetime, so
 * insertion order is close to expiry order and the oldest entry is the next to expire anyway.
 */
export class VerifiedTokenCache<Value extends object> {
  private readonly entries = new Map<string, Entry<Value>>();

  constructor(private readonly capacity = VERIFIED_TOKEN_CAPACITY) {}

  /** What a still-valid cached token's check produced; an expired entry is dropped. */
  lookup(token: string, nowSeconds: number): Value | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowSeconds < entry.expiresAt) return entry.value;
    this.entries.delete(token);
    return undefined;
  }

  /**
   * Keeps a token that just passed the full check, with its verified `claims` and what the
   * check produced from them. Both are frozen: every later request that presents the token
   * shares them, so nobody may change them on the way.
   */
  remember(token: string, claims: VerifiedClaims, value: Value, nowSeconds: number): void {
    const { exp, nbf } = claims;
    if (typeof exp !== 'number' || nowSeconds >= exp || nbf !== undefined || this.capacity <= 0) return;
    if (!this.entries.has(token)) {
      while (this.entries.size >= this.capacity) this.evictOldest();
    }
    Object.freeze(claims);
    this.entries.set(token, { value: Object.freeze(value), expiresAt: exp });
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
