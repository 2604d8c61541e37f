import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api.error';
import { REQUIRED_SCOPES } from './scopes.decorator';
import type { AuthenticatedRequest } from './authenticated-request';

/** Enforces `@Scopes(...)`; runs after `JwtAuthGuard`. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw ApiError.notAuthenticated();
    if (!user.hasScopes(required)) throw ApiError.permissionDenied();
    return true;
  }
}
