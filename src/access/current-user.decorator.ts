import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiError } from '../http/api.error';
import { AuthenticatedUser } from './authenticated-user';
import type { AuthenticatedRequest } from './authenticated-request';

/** The caller, from its access token alone. Use on routes behind `JwtAuthGuard`. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw ApiError.notAuthenticated();
  return user;
});
