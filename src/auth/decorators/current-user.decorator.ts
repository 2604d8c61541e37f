import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiError } from '../../common/api.error';
import { AuthenticatedUser } from '../authenticated-user';
import type { RequestWithToken } from '../jwt.strategy';

/** The caller, from its access token alone. Use on routes behind `JwtAuthGuard`. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<RequestWithToken>().user;
  if (!user) throw ApiError.notAuthenticated();
  return user;
});
