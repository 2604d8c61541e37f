/** Why a user's sessions end when the account changes; recorded with the revocation. */
export type AccountRevocationReason = 'password_changed' | 'user_deactivated' | 'user_deleted' | 'admin' | 'user';

/**
 * What users/ needs from sessions/: ending a user's sessions when the account changes.
 * Dependencies point from sessions to users (STYLE.md), so users/ declares the port and
 * the sessions module provides it.
 */
export abstract class UserSessions {
  /** Ends every live session of the user except `except`; returns how many ended. */
  abstract revokeAllOfUser(
    userId: number,
    reason: AccountRevocationReason,
    by: number | 'system',
    except?: string,
  ): Promise<number>;
}
