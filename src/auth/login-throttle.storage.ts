import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Warn about an unreachable Redis at most this often, not on every login. */
const WARN_EVERY_MS = 30_000;
/** How long start-up waits for Redis before counting in memory meanwhile. */
const READY_WAIT_MS = 2000;

/**
 * Per-IP counts in Redis, shared by every instance. Redis is an optimisation of the login
 * throttle, not a dependency of logins: commands fail fast instead of queueing while it is
 * away (no offline queue, short timeouts), and the counts fall back to this instance's memory
 * until it answers again. ioredis reconnects by itself.
 */
export class RedisWithFallbackStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;

  constructor(url: string) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      // ioredis waits this long on a socket that may already be gone when closing: keep
      // shutdowns (and test runs) from lingering.
      disconnectTimeout: 200,
    });
    this.redis.on('error', (error: Error) => this.warn(error));
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /**
   * Without an offline queue, commands sent before the connection is up would fail and be
   * counted in memory: the first logins after a start would escape the shared count.
   */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, READY_WAIT_MS);
      this.redis.once('ready', done);
    });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(error as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
    this.local.onApplicationShutdown();
  }

  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn(`Redis unavailable, counting login attempts in memory: ${error.message}`);
  }
}
