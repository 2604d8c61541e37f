import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiError } from '../../common/api.error';
import { TOKEN_MESSAGES, TokenError } from '../../common/token.error';
import { tokensConfig } from '../../config/configuration';
import { AuthenticatedUser } from '../authenticated-user';
import { tokenFromAuthorization } from '../authorization-header';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { RAW_TOKEN, RequestWithToken } from '../jwt.strategy';

/** SimpleJWT's body for a bearer token that failed, with the reason in `messages`. */
export function bearerTokenRejected(message: string): ApiError {
  return new ApiError('token_not_valid', 'Given token not valid for any token type', {
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  });
}

/**
 * Deny by default: registered globally, every route needs a valid access token unless it is
 * marked `@Public()`. Also usable per route with `@UseGuards(JwtAuthGuard)`.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(tokensConfig.KEY) private readonly config: ConfigType<typeof tokensConfig>,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<RequestWithToken>();
    request[RAW_TOKEN] = tokenFromAuthorization(request.headers.authorization, this.config.authHeaderTypes);
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof TokenError) throw bearerTokenRejected(error.reason);
    if (error || !user) throw bearerTokenRejected(TOKEN_MESSAGES.invalid);
    return user;
  }
}
