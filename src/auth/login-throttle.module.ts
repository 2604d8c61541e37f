import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { loginConfig } from '../config/configuration';
import { LoginThrottleGuard, LoginThrottler } from './login-throttle.guard';
import { RedisWithFallbackStorage } from './login-throttle.storage';

const MINUTE_MS = 60_000;

export function loginThrottleOptions(config: ConfigType<typeof loginConfig>): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'login', ttl: MINUTE_MS, limit: config.ipMaxPerMinute }],
    // Our 429 carries Retry-After; the X-RateLimit-* budget is not advertised to guessers.
    setHeaders: false,
    ...(config.redisUrl ? { storage: new RedisWithFallbackStorage(config.redisUrl) } : {}),
  };
}

/** Per-IP throttling of logins (LOGIN_IP_MAX_PER_MINUTE), shared through Redis when REDIS_URL is set. */
@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [loginConfig.KEY], useFactory: loginThrottleOptions })],
  providers: [LoginThrottler, { provide: APP_GUARD, useClass: LoginThrottleGuard }],
})
export class LoginThrottleModule {}
