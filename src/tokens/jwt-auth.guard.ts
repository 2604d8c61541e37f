import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, RAW_TOKEN } from '../access/authenticated-request';
import { AuthenticatedUser } from '../access/authenticated-user';
import { IS_PUBLIC } from '../access/public.decorator';
import { RouteMetadata } from '../access/route-metadata';
import { tokensConfig } from '../config/configuration';
import { ApiError } from '../http/api.error';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { tokenFromAuthorization } from './authorization-header';
import { JwtStrategy } from './jwt.strategy';
import { TokenVerifier } from './token.verifier';

/** SimpleJWT's body for a bearer token that failed, with the reason in `messages`. */
export function bearerTokenRejected(message: string): ApiError {
  return new ApiError('token_not_valid', 'Given token not valid for any token type', {
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  });
}

/** SimpleJWT finds the user only after the token passed, and answers a missing one plainly. */
const PLAIN_REASONS: readonly string[] = [TOKEN_MESSAGES.noUser, TOKEN_MESSAGES.noSession];

function rejected(error: unknown): ApiError {
  if (error instanceof TokenError && PLAIN_REASONS.includes(error.reason)) {
    return new ApiError('token_not_valid', error.reason);
  }
  return bearerTokenRejected(error instanceof TokenError ? error.reason : TOKEN_MESSAGES.invalid);
}

/** The callbacks passport adds to a strategy for one authentication attempt. */
interface StrategyAttempt {
  success(user: AuthenticatedUser): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  authenticate(request: AuthenticatedRequest, options: object): void;
}

/**
 * Deny by default: registered globally, every route needs a valid access token unless it is
 * marked `@Public()`. Also usable per route with `@UseGuards(JwtAuthGuard)`.
 *
 * It drives this application's own `JwtStrategy` instance the way passport's middleware does,
 * rather than through passport's process-wide strategy registry, so that several
 * applications in one process (tests, workers) each keep their own keys and revocations.
 *
 * A token string that already passed is answered by the `TokenVerifier`'s cache, revocation
 * still checked: signature, header and claim checks are most of the guard's cost, and a client
 * sends the same access token for its whole lifetime.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly isPublic: RouteMetadata<boolean>;

  constructor(
    reflector: Reflector,
    private readonly strategy: JwtStrategy,
    private readonly verifier: TokenVerifier,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {
    this.isPublic = new RouteMetadata(reflector, IS_PUBLIC);
  }

  /** Synchronous on a cache hit: no promise, no passport attempt. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic.of(context)) return true;
    // REVOCATION_FAIL_CLOSED with revocations not synced for too long: a revoked session
    // could pass. Always false otherwise (the bound is infinite).
    if (!this.verifier.revocationsTrusted(Date.now())) throw ApiError.serviceUnavailable(1);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenFromAuthorization(request.headers.authorization, this.config.authHeaderTypes);
    request[RAW_TOKEN] = token;
    let cached;
    try {
      cached = this.verifier.lookup(token, this.verifier.bearerTypes);
    } catch (error) {
      throw rejected(error);
    }
    if (cached !== undefined) {
      request.user = cached.user;
      return true;
    }
    return this.authenticate(request).then((user) => {
      request.user = user;
      return true;
    });
  }

  private authenticate(request: AuthenticatedRequest): Promise<AuthenticatedUser> {
    return new Promise((resolve, reject) => {
      const attempt = Object.create(this.strategy) as StrategyAttempt;
      attempt.success = resolve;
      attempt.fail = () => reject(bearerTokenRejected(TOKEN_MESSAGES.invalid));
      attempt.error = (error: unknown) => reject(rejected(error));
      attempt.authenticate(request, {});
    });
  }
}
