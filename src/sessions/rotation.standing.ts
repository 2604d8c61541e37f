import { secondsOf } from '../common/clock';
import { TOKEN_MESSAGES, TokenMessage } from '../http/token.error';

/** What a verified refresh token says about its session. */
export interface PresentedRefresh {
  sessionId: string;
  userId: number;
  jti: string;
}

export type ReuseKind = 'recent_predecessor' | 'older_generation';

/** Where a presented refresh token stands in its session, decided from one read of the row. */
export type Standing =
  | { kind: 'current' }
  | { kind: 'grace' }
  | { kind: 'dead'; message: TokenMessage }
  | { kind: 'reuse'; reuse: ReuseKind };

/** The parts of a session row that decide a refresh token's fate. */
export interface SessionState {
  userId: number;
  currentJti: string;
  previousJti: string | null;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  maxExpiresAt: Date;
}

/**
 * Only the immediate predecessor can be in grace, and only for `graceSeconds` after the
 * rotation; any other token that is not the current one is theft at any time.
 */
export function standingOf(
  session: SessionState | null,
  presented: PresentedRefresh,
  now: number,
  graceSeconds: number,
): Standing {
  if (!session || session.userId !== presented.userId) return { kind: 'dead', message: TOKEN_MESSAGES.blacklisted };
  if (session.revokedAt) return { kind: 'dead', message: TOKEN_MESSAGES.blacklisted };
  if (secondsOf(session.maxExpiresAt) <= now) return { kind: 'dead', message: TOKEN_MESSAGES.invalid };
  if (session.currentJti === presented.jti) return { kind: 'current' };
  if (session.previousJti === presented.jti) {
    const rotatedAt = session.rotatedAt ? secondsOf(session.rotatedAt) : 0;
    return graceSeconds > 0 && now - rotatedAt <= graceSeconds
      ? { kind: 'grace' }
      : { kind: 'reuse', reuse: 'recent_predecessor' };
  }
  return { kind: 'reuse', reuse: 'older_generation' };
}
