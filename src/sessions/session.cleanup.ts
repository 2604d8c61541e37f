import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { dateOf, nowSeconds } from '../common/clock';
import { RevocationService } from './revocation.service';
import { SessionRevocation } from './session-revocation.entity';
import { Session } from './session.entity';

/** At most this many rows per statement, so that no statement holds locks for long. */
export const FLUSH_BATCH = 1000;
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
    const deleted = await inBatches(
      async () =>
        (
          await this.sessions.find({
            select: { id: true },
            where: [{ expiresAt: LessThan(expired) }, { revokedAt: LessThan(revokedBefore) }],
            take: FLUSH_BATCH,
          })
        ).map((session) => session.id),
      (ids) => this.sessions.delete({ id: In(ids) }),
    );
    const logBefore = dateOf(now - Math.max(REVOCATION_LOG_KEEP_SECONDS, this.revocations.retentionSeconds));
    await inBatches(
      async () =>
        (
          await this.log.find({ select: { id: true }, where: { revokedAt: LessThan(logBefore) }, take: FLUSH_BATCH })
        ).map((row) => row.id),
      (ids) => this.log.delete({ id: In(ids) }),
    );
    return deleted;
  }
}

/** Select a batch of ids, delete them by primary key, repeat: portable (SQLite has no DELETE ... LIMIT). */
async function inBatches<Id>(select: () => Promise<Id[]>, remove: (ids: Id[]) => Promise<unknown>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await select();
    if (ids.length > 0) await remove(ids);
    deleted += ids.length;
    if (ids.length < FLUSH_BATCH) return deleted;
  }
}
