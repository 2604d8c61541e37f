import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { deleteInBatches } from '../common/batches';
import { dateOf, nowSeconds } from '../common/clock';
import { RevocationService } from './revocation.service';
import { SessionRevocation } from './session-revocation.entity';
import { Session } from './session.entity';

/** Revocation log rows are kept well beyond any poll window or access lifetime. */
const REVOCATION_LOG_KEEP_SECONDS = 86400;

/**
 * Deletes rows nobody needs any more: sessions whose refresh token expired, sessions revoked
 * longer ago than any of their access tokens can live, and old revocation log rows.
 */
@Injectable()
export class SessionCleanup {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectRepository(SessionRevocation) private readonly log: Repository<SessionRevocation>,
    private readonly revocations: RevocationService,
  ) {}

  async flushExpired(): Promise<number> {
    const now = nowSeconds();
    const expired = dateOf(now);
    const revokedBefore = dateOf(now - this.revocations.retentionSeconds);
    // One condition per pass, each read in the order of its own index: with the two ORed in one
    // query, MariaDB scanned the whole table for every batch (over a second per statement at
    // 1M rows, BENCHMARKS.md), where an index range stops after the batch it returns.
    const removeSessions = (ids: string[]) => this.sessions.delete({ id: In(ids) });
    const expiredSessions = async (limit: number) =>
      (
        await this.sessions.find({
          select: { id: true },
          where: { expiresAt: LessThan(expired) },
          order: { expiresAt: 'ASC' },
          take: limit,
        })
      ).map((session) => session.id);
    const longRevokedSessions = async (limit: number) =>
      (
        await this.sessions.find({
          select: { id: true },
          where: { revokedAt: LessThan(revokedBefore) },
          order: { revokedAt: 'ASC' },
          take: limit,
        })
      ).map((session) => session.id);
    const deleted =
      (await deleteInBatches(expiredSessions, removeSessions)) +
      (await deleteInBatches(longRevokedSessions, removeSessions));
    const logBefore = dateOf(now - Math.max(REVOCATION_LOG_KEEP_SECONDS, this.revocations.retentionSeconds));
    await deleteInBatches(
      async (limit) =>
        (await this.log.find({ select: { id: true }, where: { revokedAt: LessThan(logBefore) }, take: limit })).map(
          (row) => row.id,
        ),
      (ids) => this.log.delete({ id: In(ids) }),
    );
    return deleted;
  }
}
