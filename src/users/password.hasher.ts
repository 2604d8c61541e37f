import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import * as bcrypt from 'bcrypt';
import { loginConfig } from '../config/configuration';
import { BCRYPT_MAX_BYTES } from './password.policy';

/**
 * bcrypt through its asynchronous API, so hashing runs on the libuv pool and never blocks the
 * event loop. Unknown users are compared against a dummy hash of the same cost, so that every
 * failed login costs the same time whatever the reason.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  constructor(@Inject(loginConfig.KEY) private readonly config: ConfigType<typeof loginConfig>) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await bcrypt.hash('dummy password that never matches', this.config.bcryptRounds);
  }

  hash(password: string): Promise<string> {
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
      return Promise.reject(new Error(`passwords over ${BCRYPT_MAX_BYTES} bytes cannot be hashed`));
    }
    return bcrypt.hash(password, this.config.bcryptRounds);
  }

  /** Always runs one bcrypt comparison, with `hash` or with the dummy hash when it is null. */
  async verify(password: string, hash: string | null): Promise<boolean> {
    const tooLong = Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES;
    const matches = await bcrypt.compare(password, hash ?? this.dummyHash);
    return matches && hash !== null && !tooLong;
  }

  needsRehash(hash: string): boolean {
    return bcrypt.getRounds(hash) !== this.config.bcryptRounds;
  }
}
