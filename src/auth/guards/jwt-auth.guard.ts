import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../../common/api.error';
import { TOKEN_MESSAGES, TokenError } from '../../common/token.error';
import { tokensConfig } from '../../config/configuration';
import { AuthenticatedUser } from '../authenticated-user';
import { tokenFromAuthorization } from '../authorization-header';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { JwtStrategy, RAW_TOKEN, RequestWithToken } from '../jwt.strategy';

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
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<RequestWithToken>();
    request[RAW_TOKEN] = tokenFromAuthorization(request.headers.authorization, this.config.authHeaderTypes);
    request.user = await this.authenticate(request);
    return true;
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
