import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api.error';
import { STAFF_ONLY } from './staff-only.decorator';
import type { AuthenticatedRequest } from './authenticated-request';

/** Enforces `@StaffOnly()`; runs after `JwtAuthGuard`. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.reflector.getAllAndOverride<boolean>(STAFF_ONLY, [context.getHandler(), context.getClass()])) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw ApiError.notAuthenticated();
    if (!user.isStaff) throw ApiError.permissionDenied();
    return true;
  }
}
