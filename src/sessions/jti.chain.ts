import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { tokensConfig } from '../config/configuration';

/**
 * Refresh token ids of a session form a chain: the successor of `jti` is HMAC(key, sid.jti).
 * Deriving instead of drawing at random is what lets the grace window hand a second caller
 * the very same successor without storing it. The key is derived with HKDF and never used to
 * sign anything.
 */
@Injectable()
export class JtiChain {
  private readonly key: Buffer;

  constructor(@Inject(tokensConfig.KEY) config: ConfigType<typeof tokensConfig>) {
    this.key = Buffer.from(hkdfSync('sha256', config.signingKey, 'token-service', 'refresh-jti-chain', 32));
  }

  first(): string {
    return randomBytes(16).toString('hex');
  }

  successorOf(sessionId: string, jti: string): string {
    return createHmac('sha256', this.key).update(`${sessionId}.${jti}`).digest('hex').slice(0, 32);
  }

  static newSessionId(): string {
    return randomBytes(16).toString('hex');
  }
}
