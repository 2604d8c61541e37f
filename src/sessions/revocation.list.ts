import { Injectable } from '@nestjs/common';

/**
 * Sessions whose access tokens must be refused, kept in memory so the guard never queries the
 * database. An entry is only needed until the last access token of its session has expired,
 * so memory is bounded by the revocations of one access lifetime.
 */
@Injectable()
export class RevocationList {
  private readonly until = new Map<string, number>();

  /**
   * Until when the list may be trusted for bearer tokens (epoch ms). Infinite unless
   * REVOCATION_FAIL_CLOSED, where each successful sync moves it REVOCATION_MAX_STALENESS ahead:
   * the guard's whole cost is one comparison with it.
   */
  trustedUntilMs = Number.POSITIVE_INFINITY;

  has(sessionId: string): boolean {
    return this.until.has(sessionId);
  }

  add(sessionId: string, keepUntilMs: number): void {
    const known = this.until.get(sessionId);
    if (known === undefined || known < keepUntilMs) this.until.set(sessionId, keepUntilMs);
  }

  /** Drops entries whose tokens can no longer be valid anyway. */
  prune(nowMs: number): void {
    for (const [sessionId, keepUntil] of this.until) {
      if (keepUntil <= nowMs) this.until.delete(sessionId);
    }
  }

  get size(): number {
    return this.until.size;
  }
}
