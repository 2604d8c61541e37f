import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../../common/api.error';
import { nowSeconds } from '../../common/clock';
import { TOKEN_MESSAGES, TokenError } from '../../common/token.error';
import { tokensConfig } from '../../config/configuration';
import { RevocationList } from '../../sessions/revocation.list';
import { AuthenticatedUser } from '../authenticated-user';
import { tokenFromAuthorization } from '../authorization-header';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { JwtStrategy, RAW_TOKEN, RequestWithToken } from '../jwt.strategy';
import { VerifiedTokenCache } from '../verified-token.cache';

/** SimpleJWT's body for a bearer token that failed, with the reason in `messages`. */
export function bearerTokenRejected(message: string): ApiError {
  return new ApiError('token_not_valid', 'Given token not valid for any token type', {
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  });
}

/** The callbacks passport adds to a strategy for one authentication attempt. */
interface StrategyAttempt {
  success(user: AuthenticatedUser): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  authenticate(request: RequestWithToken, options: object): void;
}

/**
 * Deny by default: registered globally, every route needs a valid access token unless it is
 * marked `@Public()`. Also usable per route with `@UseGuards(JwtAuthGuard)`.
 *
 * It drives this application's own `JwtStrategy` instance the way passport's middleware does,
 * rather than through passport's process-wide strategy registry, so that several
 * applications in one process (tests, workers) each keep their own keys and revocations.
 *
 * A token string that already passed is answered from a bounded cache until its `exp`, with
 * the revocation list still checked on every request: signature, header and claim checks are
 * most of the guard's cost, and a client sends the same access token for its whole lifetime
 * (BENCHMARKS.md has the measurements).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  /** Per guard instance, so per application: never shared across apps in one process. */
  private readonly verified = new VerifiedTokenCache<AuthenticatedUser>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    private readonly revocations: RevocationList,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  /** Synchronous on a cache hit: no promise, no passport attempt. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<RequestWithToken>();
    const token = tokenFromAuthorization(request.headers.authorization, this.config.authHeaderTypes);
    request[RAW_TOKEN] = token;
    const cached = this.verified.lookup(token, nowSeconds());
    if (cached !== undefined) {
      if (this.revocations.has(cached.sessionId)) throw bearerTokenRejected(TOKEN_MESSAGES.blacklisted);
      request.user = cached;
      return true;
    }
    return this.authenticate(request).then((user) => {
      Object.freeze(user.scopes);
      this.verified.remember(token, user.claims, user, nowSeconds());
      request.user = user;
      return true;
    });
  }

  private authenticate(request: RequestWithToken): Promise<AuthenticatedUser> {
    return new Promise((resolve, reject) => {
      const attempt = Object.create(this.strategy) as StrategyAttempt;
      attempt.success = resolve;
      attempt.fail = () => reject(bearerTokenRejected(TOKEN_MESSAGES.invalid));
      attempt.error = (error: unknown) =>
        reject(bearerTokenRejected(error instanceof TokenError ? error.reason : TOKEN_MESSAGES.invalid));
      attempt.authenticate(request, {});
    });
  }
}
