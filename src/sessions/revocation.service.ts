import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { dateOf, nowSeconds } from '../common/clock';
import { retryOnConflict } from '../common/conflict.retry';
import { tokensConfig } from '../config/configuration';
import { RevocationList } from './revocation.list';
import { SessionRevocation } from './session-revocation.entity';
import { Session } from './session.entity';

export type RevocationReason =
  | 'logout'
  | 'reuse_detected'
  | 'admin'
  | 'user'
  | 'password_changed'
  | 'deactivated'
  | 'privileges_changed'
  | 'user_deleted'
  | 'max_sessions';

/** Who asked: a user id, or `system` when the service decided (reuse, session limit). */
export type RevokedBy = number | 'system' | 'cli';

/**
 * Revocation is written once, in one transaction: the session row and an append-only
 * `session_revocations` row that other instances poll. The local list learns at once.
 */
@Injectable()
export class RevocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly revokedSessions: RevocationList,
    private readonly audit: AuditService,
    @Inject(tokensConfig.KEY) private readonly tokens: ConfigType<typeof tokensConfig>,
  ) {}

  /** How long a revoked session must stay listed: until its last access token has expired. */
  get retentionSeconds(): number {
    const lifetime = Math.max(
      this.tokens.accessLifetimeSeconds,
      this.tokens.slidingTokens ? this.tokens.slidingLifetimeSeconds : 0,
    );
    return lifetime + this.tokens.leewaySeconds + 1;
  }

  remember(sessionId: string, revokedAtSeconds: number): void {
    this.revokedSessions.add(sessionId, (revokedAtSeconds + this.retentionSeconds) * 1000);
  }

  /** Returns whether this call revoked the session (false when it already was). */
  async revoke(sessionId: string, reason: RevocationReason, by: RevokedBy): Promise<boolean> {
    const [revoked] = await this.revokeWhere({ id: sessionId, revokedAt: IsNull() }, reason, by);
    return revoked !== undefined;
  }

  /** Revokes every live session of a user, optionally sparing one (the caller's own). */
  async revokeAllOfUser(userId: number, reason: RevocationReason, by: RevokedBy, except?: string): Promise<number> {
    const where = { userId, revokedAt: IsNull(), ...(except === undefined ? {} : { id: Not(except) }) };
    const revoked = await this.revokeWhere(where, reason, by);
    return revoked.length;
  }

  private async revokeWhere(
    where: FindOptionsWhere<Session>,
    reason: RevocationReason,
    by: RevokedBy,
  ): Promise<Session[]> {
    const now = nowSeconds();
    // Concurrent revocations of one session on several cluster nodes conflict at commit: the
    // loser runs again and finds the session already revoked.
    const revoked = await retryOnConflict(() =>
      this.dataSource.transaction(async (manager: EntityManager) => {
        const candidates = await manager.getRepository(Session).find({ where });
        const done: Session[] = [];
        for (const session of candidates) {
          // Conditional, so that two revocations racing for one session write one log row.
          const result = await manager
            .getRepository(Session)
            .update({ id: session.id, revokedAt: IsNull() }, { revokedAt: dateOf(now), revokedReason: reason });
          if (result.affected !== 1) continue;
          await manager.getRepository(SessionRevocation).insert({ sessionId: session.id, revokedAt: dateOf(now) });
          done.push(session);
        }
        return done;
      }),
    );
    for (const session of revoked) {
      this.remember(session.id, now);
      await this.audit.record('session_revoked', {
        userId: session.userId,
        sessionId: session.id,
        detail: { reason, by },
      });
    }
    return revoked;
  }
}
