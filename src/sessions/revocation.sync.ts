import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { sessionsConfig } from '../config/configuration';
import { RevocationList } from './revocation.list';
import { RevocationService } from './revocation.service';
import { SessionRevocation } from './session-revocation.entity';

/**
 * Auto-increment ids can become visible out of order when transactions commit out of order,
 * so each poll also re-reads the last few seconds of revocations; re-adding is harmless.
 */
const LATE_COMMIT_WINDOW_SECONDS = 30;
const BATCH = 5000;

/**
 * Feeds the local `RevocationList` with sessions revoked on other instances: at start the
 * revocations still relevant, then every `REVOCATION_SYNC_INTERVAL` the new ones.
 */
@Injectable()
export class RevocationSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationSync.name);
  private timer?: NodeJS.Timeout;
  private lastSeenId = 0;
  private polling = false;

  constructor(
    @InjectRepository(SessionRevocation) private readonly log: Repository<SessionRevocation>,
    private readonly revokedSessions: RevocationList,
    private readonly revocations: RevocationService,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const newest = await this.log
      .createQueryBuilder('r')
      .select('MAX(r.id)', 'max')
      .getRawOne<{ max: number | null }>();
    this.lastSeenId = Number(newest?.max ?? 0);
    await this.poll(nowSeconds() - this.revocations.retentionSeconds);
    this.timer = setInterval(() => void this.poll(), this.config.revocationSyncIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round. Never throws: a failed round is simply retried next time. */
  private async poll(sinceSeconds = nowSeconds() - LATE_COMMIT_WINDOW_SECONDS): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const since = dateOf(sinceSeconds);
      let cursor = 0;
      for (;;) {
        const rows = await this.log.find({
          where: [
            { id: MoreThan(Math.max(cursor, this.lastSeenId)) },
            { id: MoreThan(cursor), revokedAt: MoreThanOrEqual(since) },
          ],
          order: { id: 'ASC' },
          take: BATCH,
        });
        for (const row of rows) this.revocations.remember(row.sessionId, secondsOf(row.revokedAt));
        if (rows.length === 0) break;
        cursor = rows[rows.length - 1].id;
        this.lastSeenId = Math.max(this.lastSeenId, cursor);
        if (rows.length < BATCH) break;
      }
      this.revokedSessions.prune(Date.now());
    } catch (error) {
      this.logger.warn(`revocation sync failed, retrying: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }
}
