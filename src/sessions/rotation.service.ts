import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ClientContext } from '../http/client-context';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { retryOnConflict } from '../common/conflict.retry';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { sessionsConfig, tokensConfig } from '../config/configuration';
import { JtiChain } from './jti.chain';
import { RevocationService } from './revocation.service';
import { PresentedRefresh, ReuseKind, Standing, standingOf } from './rotation.standing';
import { Session } from './session.entity';
import { RefreshTokenClaims, SessionsService } from './sessions.service';

/** How long an exchange whose outcome the client never learned may be retried as such. */
const UNKNOWN_OUTCOME_MS = 5 * 60_000;
/** Bounds the memory of such exchanges during a long outage. */
const MAX_UNKNOWN_OUTCOMES = 10_000;

/**
 * Rotation as one conditional UPDATE: among any number of concurrent exchanges of one token,
 * on one instance or many, exactly one sees an affected row. The others are then classified
 * from the row as it is after the winner's commit: grace (same successor) or theft.
 *
 * A conflict (another node's write won at commit) rolled the exchange back: it runs again. A
 * lost connection or timed-out statement is different: the rotation may have committed while
 * the client got a 503. Its honest retry with the same token would look like theft, so the
 * exchange is remembered, and a retry that finds exactly the successor this token derives
 * (the chain is deterministic) and no later rotation is handed that successor once.
 */
@Injectable()
export class RotationService {
  /** `sid.jti` of exchanges with an unknown outcome, to the epoch ms they stop counting. */
  private readonly unknownOutcomes = new Map<string, number>();

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
    try {
      return await retryOnConflict(() => this.rotateOnce(presented, client));
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.rememberUnknownOutcome(presented);
      throw error;
    }
  }

  private async rotateOnce(presented: PresentedRefresh, client: ClientContext): Promise<RefreshTokenClaims> {
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
    if (standing.kind === 'reuse' && session && this.isOwnUnacknowledgedRotation(session, presented)) {
      return this.sessionsService.grantOf(session);
    }
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

  private rememberUnknownOutcome(presented: PresentedRefresh): void {
    const now = Date.now();
    for (const [key, until] of this.unknownOutcomes) {
      if (until > now && this.unknownOutcomes.size < MAX_UNKNOWN_OUTCOMES) break;
      this.unknownOutcomes.delete(key);
    }
    this.unknownOutcomes.set(`${presented.sessionId}.${presented.jti}`, now + UNKNOWN_OUTCOME_MS);
  }

  /**
   * The presented token was rotated by an exchange this instance answered with a 503, and the
   * session is still at exactly that successor. Consumed: a second replay is theft again.
   */
  private isOwnUnacknowledgedRotation(session: Session, presented: PresentedRefresh): boolean {
    const key = `${presented.sessionId}.${presented.jti}`;
    const until = this.unknownOutcomes.get(key);
    if (until === undefined || until < Date.now()) return false;
    const own =
      session.previousJti === presented.jti &&
      session.currentJti === this.chain.successorOf(presented.sessionId, presented.jti);
    if (own) this.unknownOutcomes.delete(key);
    return own;
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
