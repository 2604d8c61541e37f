import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import * as bcrypt from 'bcrypt';
import { availableParallelism } from 'node:os';
import { ConcurrencyLimit } from '../common/concurrency.limit';
import { loginConfig } from '../config/configuration';
import { BCRYPT_MAX_BYTES } from './password.policy';

/**
 * bcrypt through its asynchronous API, so hashing runs on the libuv pool and never blocks the
 * event loop. Unknown users are compared against a dummy hash of the same cost, so that every
 * failed login costs the same time whatever the reason.
 *
 * At most one bcrypt operation per core runs at once. The libuv pool has 4 threads by default:
 * on a 2-core machine, 4 busy bcrypt threads leave the event loop waiting behind them for a
 * core, and every guarded request waits with it, for no more bcrypt throughput than 2 give.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';
  private readonly limit = new ConcurrencyLimit(availableParallelism());

  constructor(@Inject(loginConfig.KEY) private readonly config: ConfigType<typeof loginConfig>) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.limit.run(() =>
      bcrypt.hash('dummy password that never matches', this.config.bcryptRounds),
    );
  }

  hash(password: string): Promise<string> {
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
      return Promise.reject(new Error(`passwords over ${BCRYPT_MAX_BYTES} bytes cannot be hashed`));
    }
    return this.limit.run(() => bcrypt.hash(password, this.config.bcryptRounds));
  }

  /**
   * Always runs one bcrypt comparison, with `hash` or with the dummy hash when it is null. A
   * failure against a hash of a lower cost than BCRYPT_ROUNDS (made before the setting was
   * raised) also runs one against the dummy hash: else such users would fail faster than
   * unknown ones, and a stopwatch would tell who has an account that has not logged in since.
   */
  async verify(password: string, hash: string | null): Promise<boolean> {
    const tooLong = Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES;
    const matches = await this.limit.run(() => bcrypt.compare(password, hash ?? this.dummyHash));
    if (!matches && hash !== null && this.costOf(hash) < this.config.bcryptRounds) {
      await this.limit.run(() => bcrypt.compare(password, this.dummyHash));
    }
    return matches && hash !== null && !tooLong;
  }

  /** A hash that is not bcrypt's counts as cost 0 (it never matches anyway). */
  private costOf(hash: string): number {
    const cost = /^\$2[abxy]?\$(\d\d)\$/.exec(hash)?.[1];
    return cost === undefined ? 0 : Number(cost);
  }

  needsRehash(hash: string): boolean {
    return this.costOf(hash) !== this.config.bcryptRounds;
  }
}
