import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { ApiError } from '../http/api.error';
import { ClientContext } from '../http/client-context';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { retryOnConflict } from '../common/conflict.retry';
import { sessionsConfig, tokensConfig } from '../config/configuration';
import { JtiChain } from './jti.chain';
import { RevocationReason, RevocationService } from './revocation.service';
import { Session } from './session.entity';

/** The refresh token a session currently stands for: what the caller needs to sign it. */
export interface RefreshTokenClaims {
  sessionId: string;
  userId: number;
  jti: string;
  issuedAt: number;
  expiresAt: number;
}

/** Keep the oldest sessions only if there are at most this many to trim at once. */
const MAX_TRIM = 1000;

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly chain: JtiChain,
    private readonly revocations: RevocationService,
    @Inject(tokensConfig.KEY) private readonly tokens: ConfigType<typeof tokensConfig>,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
  ) {}

  /**
   * A login: a new session with its first refresh token; the least recently used beyond the
   * cap go. `lifetimeSeconds` is how long it may be renewed (sliding sessions differ).
   */
  async open(
    userId: number,
    client: ClientContext,
    lifetimeSeconds = this.tokens.refreshLifetimeSeconds,
  ): Promise<RefreshTokenClaims> {
    const now = nowSeconds();
    const maxExpiresAt = now + this.config.maxLifetimeSeconds;
    const expiresAt = Math.min(now + lifetimeSeconds, maxExpiresAt);
    const session = this.sessions.create({
      id: JtiChain.newSessionId(),
      userId,
      currentJti: this.chain.first(),
      previousJti: null,
      rotatedAt: null,
      generation: 0,
      createdAt: dateOf(now),
      lastUsedAt: new Date(),
      expiresAt: dateOf(expiresAt),
      maxExpiresAt: dateOf(maxExpiresAt),
      revokedAt: null,
      revokedReason: null,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await retryOnConflict(() => this.sessions.insert(session));
    await this.trimToLimit(userId, session.id, now);
    return { sessionId: session.id, userId, jti: session.currentJti, issuedAt: now, expiresAt };
  }

  /**
   * Use of a sliding token: its session must be live and its user's; records the use.
   * Conditional, so a revocation that lands first always wins.
   */
  async touch(sessionId: string, userId: number, client: ClientContext): Promise<boolean> {
    const now = dateOf(nowSeconds());
    const result = await retryOnConflict(() =>
      this.sessions
        .createQueryBuilder()
        .update(Session)
        .set({ lastUsedAt: new Date(), ip: client.ip, userAgent: client.userAgent })
        .where('id = :id AND user_id = :userId AND revoked_at IS NULL AND expires_at > :now', {
          id: sessionId,
          userId,
          now,
        })
        .execute(),
    );
    return result.affected === 1;
  }

  /** Live sessions of a user, most recently used first. */
  listLive(userId: number): Promise<Session[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(dateOf(nowSeconds())) },
      order: { lastUsedAt: 'DESC', createdAt: 'DESC' },
    });
  }

  /** A live session of `userId`, or 404: another user's session id reveals nothing. */
  async revokeOwn(userId: number, sessionId: string, by: number): Promise<void> {
    const session = await this.findLive(sessionId);
    if (!session || session.userId !== userId) throw ApiError.notFound();
    await this.revocations.revoke(session.id, 'user', by);
  }

  async revokeAny(sessionId: string, by: number): Promise<void> {
    const session = await this.findLive(sessionId);
    if (!session) throw ApiError.notFound();
    await this.revocations.revoke(session.id, 'admin', by);
  }

  revokeAllOf(userId: number, reason: RevocationReason, by: number): Promise<number> {
    return this.revocations.revokeAllOfUser(userId, reason, by);
  }

  private async findLive(sessionId: string): Promise<Session | null> {
    if (!/^[0-9a-f]{32}$/.test(sessionId)) return null;
    const session = await this.sessions.findOneBy({ id: sessionId, revokedAt: IsNull() });
    return session && session.expiresAt.getTime() > Date.now() ? session : null;
  }

  private async trimToLimit(userId: number, keep: string, now: number): Promise<void> {
    const surplus = await this.sessions
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now AND s.id <> :keep', {
        userId,
        keep,
        now: dateOf(now),
      })
      .orderBy('s.last_used_at', 'DESC')
      .addOrderBy('s.id', 'ASC')
      .offset(this.config.maxPerUser - 1)
      .limit(MAX_TRIM)
      .getRawMany<{ id: string }>();
    for (const { id } of surplus) await this.revocations.revoke(id, 'max_sessions', 'system');
  }

  /** The grant a session's current token stands for, as the successor was issued at rotation. */
  grantOf(session: Session): RefreshTokenClaims {
    const issuedAt = secondsOf(session.rotatedAt ?? session.createdAt);
    return {
      sessionId: session.id,
      userId: session.userId,
      jti: session.currentJti,
      issuedAt,
      expiresAt: Math.min(issuedAt + this.tokens.refreshLifetimeSeconds, secondsOf(session.maxExpiresAt)),
    };
  }
}
