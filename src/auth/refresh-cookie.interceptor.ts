import {
  applyDecorators,
  CallHandler,
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { SerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { ApiError } from '../http/api.error';
import { clearCookie, requestCookie, setCookie } from '../http/cookies';
import { publicOriginOf } from '../http/public-url';
import { sessionsConfig, tokensConfig } from '../config/configuration';

export const REFRESH_COOKIE = 'refresh_token';
const COOKIE_PATH = '/api/token';
const MODE = 'auth:refreshCookie';

/**
 * issue: login sets the cookie; rotate: refresh reads and replaces it; end: logout reads and
 * clears it; check: a token route without a cookie of its own, only the cross-site check.
 */
type CookieMode = 'issue' | 'rotate' | 'end' | 'check';

/** Per request, a browser client asks for cookie mode whatever REFRESH_COOKIE says. */
export const REFRESH_COOKIE_HEADER = 'x-refresh-cookie';

/**
 * The one place that decides cookie mode for a request: REFRESH_COOKIE=true, or the request
 * carries `X-Refresh-Cookie: true`. Either way it gets all of it: cookie, access-only bodies,
 * the Origin check and X-Requested-With when the cookie is read.
 */
export function usesRefreshCookie(request: FastifyRequest, refreshCookieSetting: boolean): boolean {
  if (refreshCookieSetting) return true;
  const header = request.headers[REFRESH_COOKIE_HEADER];
  return typeof header === 'string' && header.trim().toLowerCase() === 'true';
}

/** Marks a token route for cookie mode (see `usesRefreshCookie`); outside that mode it does nothing. */
export const RefreshCookie = (mode: CookieMode): MethodDecorator =>
  mode === 'check'
    ? // Only the Origin check: a guard, which spares the route Nest's per-request interceptor chain.
      UseGuards(CrossSiteGuard)
    : applyDecorators(SetMetadata(MODE, mode), UseInterceptors(RefreshCookieInterceptor));

/** In cookie mode a browser sends `Origin` on a cross-site post; a foreign one is refused. */
function refuseCrossSite(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOriginOf(request)) {
    throw new ApiError('csrf_failed', 'CSRF check failed: cross-site request.');
  }
}

type CookieRequest = FastifyRequest & { body: unknown };

/**
 * The refresh token in an HttpOnly cookie, out of reach of page scripts: it is never in a
 * response body. A cookie is sent by the browser on its own, so a request that relies on it
 * must also carry `X-Requested-With`, which a cross-site form cannot set (CSRF). A token in the
 * body always wins. A cross-site page could still post a login form and plant its own account's
 * cookie (login CSRF): browsers send `Origin` on such posts, and a foreign one is refused.
 */
@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(sessionsConfig.KEY) private readonly sessions: ConfigType<typeof sessionsConfig>,
    @Inject(tokensConfig.KEY) private readonly tokens: ConfigType<typeof tokensConfig>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const mode = this.reflector.get<CookieMode | undefined>(MODE, context.getHandler());
    const request = context.switchToHttp().getRequest<CookieRequest>();
    if (!mode || !usesRefreshCookie(request, this.sessions.refreshCookie)) return next.handle();
    refuseCrossSite(request);
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (mode !== 'issue') this.adoptCookie(request);
    return next.handle().pipe(
      map((body: unknown) => {
        if (mode === 'end') {
          clearCookie(reply, REFRESH_COOKIE, this.attributes());
          return body;
        }
        if (typeof body !== 'object' || body === null) return body;
        const { refresh, ...rest } = body as { refresh?: unknown };
        if (typeof refresh === 'string') {
          setCookie(reply, REFRESH_COOKIE, refresh, {
            ...this.attributes(),
            maxAge: this.tokens.refreshLifetimeSeconds,
          });
        }
        return rest;
      }),
    );
  }

  private adoptCookie(request: CookieRequest): void {
    const body =
      typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const cookie = requestCookie(request, REFRESH_COOKIE);
    if (body.refresh !== undefined || !cookie) return;
    if (!request.headers['x-requested-with']) {
      throw new ApiError('csrf_failed', 'CSRF check failed: X-Requested-With header missing.');
    }
    request.body = { ...body, refresh: cookie };
  }

  private attributes(): SerializeOptions {
    return { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH };
  }
}

/** The cookie-mode check of a token route that neither reads nor sets the cookie. */
@Injectable()
export class CrossSiteGuard implements CanActivate {
  constructor(@Inject(sessionsConfig.KEY) private readonly sessions: ConfigType<typeof sessionsConfig>) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (usesRefreshCookie(request, this.sessions.refreshCookie)) refuseCrossSite(request);
    return true;
  }
}
