import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error';

/** The routes that check a password: the only ones an IP budget protects. */
const LOGIN_ROUTES = new Set(['/api/token', '/api/token/sliding', '/api/me/password']);

function routeOf(request: FastifyRequest): string {
  return (request.routeOptions.url ?? '').replace(/\/+$/, '');
}

function skips(context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return true;
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return request.method !== 'POST' || !LOGIN_ROUTES.has(routeOf(request));
}

/** The throttler itself, for the login routes only: `LoginThrottleGuard` selects them. */
@Injectable()
export class LoginThrottler extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    return Promise.reject(ApiError.throttled(detail.timeToBlockExpire));
  }
}

/**
 * LOGIN_IP_MAX_PER_MINUTE per client IP over all routes that check a password together (a
 * password guesser must not get one budget per route; a stolen access token must not make the
 * password change an unlimited oracle). Registered globally and selecting its routes itself, so
 * that no controller has to remember a decorator. The IP is Fastify's `request.ip`, which
 * honours X-Forwarded-For only with TRUST_PROXY=true.
 *
 * Every other route is let through synchronously: Nest awaits a guard's promise, even a
 * resolved one, and every await is a turn of the microtask queue on every request. The
 * throttler's `canActivate` is async, so it is a guard of its own only for the login routes.
 */
@Injectable()
export class LoginThrottleGuard implements CanActivate {
  constructor(private readonly throttler: LoginThrottler) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return skips(context) ? true : this.throttler.canActivate(context);
  }
}
