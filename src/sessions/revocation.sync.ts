import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { dateOf, nowSeconds, secondsOf } from '../common/clock';
import { sessionsConfig } from '../config/configuration';
import { ReadinessChecks } from '../health/readiness.checks';
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
 * revocations still relevant, then every `REVOCATION_SYNC_INTERVAL` the new ones. An instance
 * cut off from the database (or from its cluster's primary component) cannot learn of new
 * revocations: past REVOCATION_MAX_STALENESS since the last successful round it is not ready,
 * and with REVOCATION_FAIL_CLOSED it refuses bearer tokens until a round succeeds.
 */
@Injectable()
export class RevocationSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationSync.name);
  private timer?: NodeJS.Timeout;
  private lastSeenId = 0;
  private polling = false;
  /** Epoch ms of the last round that completed; boot counts as one until the first ends. */
  private lastSyncedMs = Date.now();

  constructor(
    @InjectRepository(SessionRevocation) private readonly log: Repository<SessionRevocation>,
    private readonly revokedSessions: RevocationList,
    private readonly revocations: RevocationService,
    @Inject(sessionsConfig.KEY) private readonly config: ConfigType<typeof sessionsConfig>,
    readiness: ReadinessChecks,
  ) {
    this.synced(this.lastSyncedMs);
    readiness.register('revocation_sync', () => this.staleness());
  }

  /** Why revocations cannot be trusted as current, or null when they can. */
  staleness(nowMs = Date.now()): string | null {
    const age = nowMs - this.lastSyncedMs;
    return age > this.config.revocationMaxStalenessMs ? `last successful revocation sync ${age} ms ago` : null;
  }

  private synced(nowMs: number): void {
    this.lastSyncedMs = nowMs;
    if (this.config.revocationFailClosed) {
      this.revokedSessions.trustedUntilMs = nowMs + this.config.revocationMaxStalenessMs;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    this.lastSeenId = (await this.log.maximum('id')) ?? 0;
    await this.poll(nowSeconds() - this.revocations.retentionSeconds);
    this.timer = setInterval(() => void this.poll(), this.config.revocationSyncIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One round. Never throws: a failed round is simply retried next time. */
  private async poll(sinceSeconds = nowSeconds() - LATE_COMMIT_WINDOW_SECONDS): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const startedMs = Date.now();
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
      // What it read was current when the round began, not when it ended.
      this.synced(startedMs);
    } catch (error) {
      this.logger.warn(`revocation sync failed, retrying: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }
}
