import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditDetail } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { ClientContext } from '../http/client-context';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { retryOnConflict } from '../common/conflict.retry';
import { OneTripTransactions } from '../common/one-trip';
import { runStatement } from '../common/statements';
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
 * The rotation. It also requires the session to outlive the successor's expiry: far from the
 * session's absolute end that holds, and the expiry is known without reading the row.
 */
const ADVANCE =
  'UPDATE sessions SET current_jti = :next, previous_jti = :jti, rotated_at = :now, generation = generation + 1, ' +
  'last_used_at = :usedAt, expires_at = :expiresAt, ip = :ip, user_agent = :userAgent ' +
  'WHERE id = :id AND user_id = :userId AND current_jti = :jti AND revoked_at IS NULL AND max_expires_at >= :expiresAt';

/** One exchange's rotation, the same for its first attempt and the one that ends with the session. */
interface Rotation {
  presented: PresentedRefresh;
  /** The successor's jti. */
  next: string;
  client: ClientContext;
  detail: AuditDetail | undefined;
  now: number;
}

const keyOf = (presented: PresentedRefresh): string => `${presented.sessionId}.${presented.jti}`;

/**
 * Rotation as one conditional UPDATE, committed with its audit event: among any number of
 * concurrent exchanges of one token, on one instance or many, exactly one sees an affected row.
 * The others are then classified from the row as it is after the winner's commit: grace (same
 * successor) or theft.
 *
 * A conflict (another node's write won at commit) rolled the exchange back: it runs again. So
 * does a statement that timed out before COMMIT: its connection is dropped and the transaction
 * with it (on MariaDB, where the transaction is one text, the server stops the statement at its
 * own bound, before the COMMIT: see common/one-trip.ts). A COMMIT whose answer was lost is
 * different (and on MariaDB so is a text the server never answered): the rotation may have
 * committed while the client got a 503. Its honest retry with the same token would look like theft, so the
 * exchange is remembered, and a retry that finds exactly the successor this token derives
 * (the chain is deterministic) and no later rotation is handed that successor once.
 */
@Injectable()
export class RotationService {
  /** `sid.jti` of exchanges with an unknown outcome, to the epoch ms they stop counting. */
  private readonly unknownOutcomes = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly sessionsService: SessionsService,
    private readonly chain: JtiChain,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    private readonly oneTrip: OneTripTransactions,
    @Inject(tokensConfig.KEY) private readonly tokens: ConfigType<typeof tokensConfig>,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
  ) {}

  /** Exchanges the presented token for its successor, and records the `refresh` audit event. */
  async rotate(presented: PresentedRefresh, client: ClientContext, detail?: AuditDetail): Promise<RefreshTokenClaims> {
    try {
      const claims = await retryOnConflict(() => this.rotateOnce(presented, client, detail));
      // Its outcome is known now: a later replay of this token is theft again.
      this.unknownOutcomes.delete(keyOf(presented));
      return claims;
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.rememberUnknownOutcome(presented);
      throw error;
    }
  }

  private async rotateOnce(
    presented: PresentedRefresh,
    client: ClientContext,
    detail: AuditDetail | undefined,
  ): Promise<RefreshTokenClaims> {
    const now = nowSeconds();
    const lifetimeEnd = now + this.tokens.refreshLifetimeSeconds;
    // One HMAC per exchange: the UPDATE writes the successor that the grant carries.
    const next = this.chain.successorOf(presented.sessionId, presented.jti);
    const granted = (expiresAt: number): RefreshTokenClaims => ({
      sessionId: presented.sessionId,
      userId: presented.userId,
      jti: next,
      issuedAt: now,
      expiresAt,
    });
    const rotation = { presented, next, client, detail, now };
    if (await this.advance(rotation, lifetimeEnd)) return granted(lifetimeEnd);

    let session = await this.sessions.findOneBy({ id: presented.sessionId });
    if (this.standingOf(session, presented, now).kind === 'current' && session) {
      // Within one lifetime of SESSION_MAX_LIFETIME: the successor ends with the session.
      const end = Math.min(lifetimeEnd, secondsOf(session.maxExpiresAt));
      if (await this.advance(rotation, end)) return granted(end);
      session = await this.sessions.findOneBy({ id: presented.sessionId });
    }
    const standing = this.standingOf(session, presented, now);
    // The immediate predecessor, in grace or rotated by an exchange whose answer was lost.
    const handedAgain =
      standing.kind === 'grace' ||
      (standing.kind === 'reuse' && standing.reuse === 'recent_predecessor' && this.consumeUnknownOutcome(presented));
    if (session && handedAgain) {
      await this.audit.record('refresh', { userId: presented.userId, sessionId: session.id, client, detail });
      return this.sessionsService.grantOf(session);
    }
    if (standing.kind === 'reuse') await this.reuseDetected(presented, standing.reuse, client);
    throw new TokenError(standing.kind === 'dead' ? standing.message : TOKEN_MESSAGES.blacklisted);
  }

  /**
   * The rotation itself: one conditional UPDATE, and the audit row in the same transaction (one
   * commit). Among concurrent exchanges of one token exactly one sees an affected row. On MariaDB the
   * transaction is one round trip (common/one-trip.ts): the INSERT writes its row only if the
   * UPDATE changed one, and the UPDATE's own count decides here as it does on the other engines.
   */
  private async advance(rotation: Rotation, expiresAt: number): Promise<boolean> {
    const { presented, client, detail, now } = rotation;
    const update = {
      sql: ADVANCE,
      parameters: {
        next: rotation.next,
        jti: presented.jti,
        now: dateOf(now),
        usedAt: new Date(),
        expiresAt: dateOf(expiresAt),
        ip: client.ip,
        userAgent: client.userAgent,
        id: presented.sessionId,
        userId: presented.userId,
      },
    };
    const event = { userId: presented.userId, sessionId: presented.sessionId, client, detail };
    let advanced: boolean;
    if (this.oneTrip.available) {
      const [changed] = await this.oneTrip.run([update, this.audit.statementAfterChange('refresh', event)]);
      advanced = changed === 1;
    } else {
      advanced = await this.dataSource.transaction(async (manager) => {
        const changed = await runStatement(manager, update.sql, update.parameters);
        if (changed !== 1) return false;
        await this.audit.recordIn(manager, 'refresh', event);
        return true;
      });
    }
    if (advanced) this.audit.counted('refresh');
    return advanced;
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
    // Bounded by count alone, oldest first: an expired entry is never honoured (see consume), so
    // it may wait there until the bound pushes it out.
    for (const key of this.unknownOutcomes.keys()) {
      if (this.unknownOutcomes.size < MAX_UNKNOWN_OUTCOMES) break;
      this.unknownOutcomes.delete(key);
    }
    this.unknownOutcomes.set(keyOf(presented), Date.now() + UNKNOWN_OUTCOME_MS);
  }

  /**
   * Whether this instance answered an exchange of the presented token with a 503 less than
   * UNKNOWN_OUTCOME_MS ago. The caller has found the session at exactly the successor that
   * token derives (its immediate predecessor), so that exchange is what rotated it. Consumed:
   * a second replay is theft again.
   */
  private consumeUnknownOutcome(presented: PresentedRefresh): boolean {
    const key = keyOf(presented);
    const until = this.unknownOutcomes.get(key) ?? 0;
    this.unknownOutcomes.delete(key);
    return until >= Date.now();
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
