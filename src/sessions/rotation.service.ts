import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ClientContext } from '../http/client-context';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { sessionsConfig, tokensConfig } from '../config/configuration';
import { JtiChain } from './jti.chain';
import { RevocationService } from './revocation.service';
import { PresentedRefresh, ReuseKind, Standing, standingOf } from './rotation.standing';
import { Session } from './session.entity';
import { RefreshTokenClaims, SessionsService } from './sessions.service';

/**
 * Rotation as one conditional UPDATE: among any number of concurrent exchanges of one token,
 * on one instance or many, exactly one sees an affected row. The others are then classified
 * from the row as it is after the winner's commit: grace (same successor) or theft.
 */
@Injectable()
export class RotationService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly sessionsService: SessionsService,
    private readonly chain: JtiChain,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    @Inject(tokensConfig.KEY) private readonly tokens: ConfigType<typeof tokensConfig>,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
  ) {}

  async rotate(presented: PresentedRefresh, client: ClientContext): Promise<RefreshTokenClaims> {
    const now = nowSeconds();
    const next = this.chain.successorOf(presented.sessionId, presented.jti);
    const candidateExpiry = dateOf(now + this.tokens.refreshLifetimeSeconds);
    const result = await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({
        currentJti: next,
        previousJti: presented.jti,
        rotatedAt: dateOf(now),
        generation: () => 'generation + 1',
        lastUsedAt: new Date(),
        // Never beyond the session's absolute end (SESSION_MAX_LIFETIME).
        expiresAt: () => 'CASE WHEN max_expires_at < :candidateExpiry THEN max_expires_at ELSE :candidateExpiry END',
        ip: client.ip,
        userAgent: client.userAgent,
      })
      .where('id = :id AND user_id = :userId AND current_jti = :jti AND revoked_at IS NULL AND max_expires_at > :now', {
        id: presented.sessionId,
        userId: presented.userId,
        jti: presented.jti,
        now: dateOf(now),
      })
      .setParameter('candidateExpiry', candidateExpiry)
      .execute();

    const session = await this.sessions.findOneBy({ id: presented.sessionId });
    if (result.affected === 1 && session) {
      return {
        sessionId: session.id,
        userId: session.userId,
        jti: next,
        issuedAt: now,
        expiresAt: Math.min(now + this.tokens.refreshLifetimeSeconds, secondsOf(session.maxExpiresAt)),
      };
    }
    const standing = this.standingOf(session, presented, now);
    if (standing.kind === 'grace' && session) return this.sessionsService.grantOf(session);
    if (standing.kind === 'reuse') await this.reuseDetected(presented, standing.reuse, client);
    throw new TokenError(standing.kind === 'dead' ? standing.message : TOKEN_MESSAGES.blacklisted);
  }

  /**
   * Read-only check of a refresh token (verify). Presenting an old token here never counts as
   * reuse: only exchanging it does.
   */
  async assertCurrent(presented: PresentedRefresh): Promise<Session> {
    const session = await this.sessions.findOneBy({ id: presented.sessionId });
    const standing = this.standingOf(session, presented, nowSeconds());
    if (standing.kind === 'current' && session) return session;
    throw new TokenError(standing.kind === 'dead' ? standing.message : TOKEN_MESSAGES.blacklisted);
  }

  /** Logout with a refresh token: its session ends. An old generation is treated as theft. */
  async logout(presented: PresentedRefresh, client: ClientContext): Promise<void> {
    const session = await this.sessions.findOneBy({ id: presented.sessionId });
    const standing = this.standingOf(session, presented, nowSeconds());
    if (standing.kind === 'reuse') {
      await this.reuseDetected(presented, standing.reuse, client);
      throw new TokenError(TOKEN_MESSAGES.blacklisted);
    }
    if (standing.kind === 'dead') throw new TokenError(standing.message);
    const revoked = await this.revocations.revoke(presented.sessionId, 'logout', presented.userId);
    if (!revoked) throw new TokenError(TOKEN_MESSAGES.blacklisted);
    await this.audit.record('logout', { userId: presented.userId, sessionId: presented.sessionId, client });
  }

  private standingOf(session: Session | null, presented: PresentedRefresh, now: number): Standing {
    return standingOf(session, presented, now, this.config.reuseGraceSeconds);
  }

  private async reuseDetected(presented: PresentedRefresh, kind: ReuseKind, client: ClientContext): Promise<void> {
    const revoked = await this.revocations.revoke(presented.sessionId, 'reuse_detected', 'system');
    if (!revoked) return;
    await this.audit.record('refresh_reuse_detected', {
      userId: presented.userId,
      sessionId: presented.sessionId,
      client,
      detail: { kind },
    });
  }
}
