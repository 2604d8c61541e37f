import { AuthenticatedUser } from './authenticated-user';

/**
 * Room for the access tokens of every client active on one instance within an access lifetime
 * (5 minutes by default); at about 1 KiB per entry that is ~10 MiB at most.
 */
export const VERIFIED_TOKEN_CAPACITY = 10_000;

interface Entry {
  user: AuthenticatedUser;
  /** The token's `exp`, in seconds. */
  expiresAt: number;
}

/**
 * Access tokens whose signature and claims were already checked, by their full string, until
 * their `exp`: the same string verifies the same way until then, because keys, algorithm,
 * issuer and audience are fixed for the life of the process. Only successes are kept (a bad
 * token costs a full check every time, so it cannot fill the cache), and revocation is not
 * cached at all: the caller checks the session against the `RevocationList` on every request.
 *
 * An entry ends at `exp` itself, not `exp + JWT_LEEWAY`: within the leeway the full check runs
 * again and still accepts, so answers stay identical with or without the cache. Tokens with
 * `nbf` are never kept (ours have none), so a clock stepped backwards cannot accept one early.
 *
 * Bounded: when full, the oldest entry goes first. Tokens are issued with one lifetime, so
 * insertion order is close to expiry order and the oldest entry is the next to expire anyway.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = VERIFIED_TOKEN_CAPACITY) {}

  /** The user a still-valid cached token stands for; an expired entry is dropped. */
  lookup(token: string, nowSeconds: number): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowSeconds < entry.expiresAt) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  /** Keeps a token that just passed the full check. */
  remember(token: string, user: AuthenticatedUser, nowSeconds: number): void {
    const { exp, nbf } = user.claims;
    if (typeof exp !== 'number' || nowSeconds >= exp || nbf !== undefined || this.capacity <= 0) return;
    if (!this.entries.has(token)) {
      while (this.entries.size >= this.capacity) this.evictOldest();
    }
    // Shared by every request that presents this token: nobody may change it on the way.
    Object.freeze(user.scopes);
    Object.freeze(user.claims);
    this.entries.set(token, { user: Object.freeze(user), expiresAt: exp });
  }

  get size(): number {
    return this.entries.size;
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
