import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { ApiError } from '../http/api.error';
import { sessionsConfig, tokensConfig } from '../config/configuration';

export const REFRESH_COOKIE = 'refresh_token';
const COOKIE_PATH = '/api/token';
const MODE = 'auth:refreshCookie';

/** issue: login sets the cookie; rotate: refresh reads and replaces it; end: logout reads and clears it. */
type CookieMode = 'issue' | 'rotate' | 'end';

/** Marks a token route for cookie mode (REFRESH_COOKIE=true); without the setting it does nothing. */
export const RefreshCookie = (mode: CookieMode): MethodDecorator =>
  applyDecorators(SetMetadata(MODE, mode), UseInterceptors(RefreshCookieInterceptor));

type CookieRequest = FastifyRequest & { cookies?: Record<string, string | undefined>; body: unknown };
type CookieReply = FastifyReply & {
  setCookie(name: string, value: string, options: object): FastifyReply;
  clearCookie(name: string, options: object): FastifyReply;
};

/**
 * The refresh token in an HttpOnly cookie, out of reach of page scripts. A cookie is sent by
 * the browser on its own, so a request that relies on it must also carry `X-Requested-With`,
 * which a cross-site form cannot set (CSRF). A token in the body always wins.
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
    if (!this.sessions.refreshCookie || !mode) return next.handle();
    const request = context.switchToHttp().getRequest<CookieRequest>();
    const reply = context.switchToHttp().getResponse<CookieReply>();
    if (mode !== 'issue') this.adoptCookie(request);
    return next.handle().pipe(
      map((body: unknown) => {
        const refresh = (body as { refresh?: unknown } | undefined)?.refresh;
        if (mode === 'end') reply.clearCookie(REFRESH_COOKIE, this.attributes());
        else if (typeof refresh === 'string') {
          reply.setCookie(REFRESH_COOKIE, refresh, {
            ...this.attributes(),
            maxAge: this.tokens.refreshLifetimeSeconds,
          });
        }
        return body;
      }),
    );
  }

  private adoptCookie(request: CookieRequest): void {
    const body =
      typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const cookie = request.cookies?.[REFRESH_COOKIE];
    if (body.refresh !== undefined || !cookie) return;
    if (!request.headers['x-requested-with']) {
      throw new ApiError('csrf_failed', 'CSRF check failed: X-Requested-With header missing.');
    }
    request.body = { ...body, refresh: cookie };
  }

  private attributes(): object {
    return { httpOnly: true, secure: true, sameSite: 'strict', path: COOKIE_PATH };
  }
}
