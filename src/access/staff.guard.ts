import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api.error';
import { RouteMetadata } from './route-metadata';
import { STAFF_ONLY } from './staff-only.decorator';
import type { AuthenticatedRequest } from './authenticated-request';

/** Enforces `@StaffOnly()`; runs after `JwtAuthGuard`. */
@Injectable()
export class StaffGuard implements CanActivate {
  private readonly staffOnly: RouteMetadata<boolean>;

  constructor(reflector: Reflector) {
    this.staffOnly = new RouteMetadata(reflector, STAFF_ONLY);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.staffOnly.of(context)) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw ApiError.notAuthenticated();
    if (!user.isStaff) throw ApiError.permissionDenied();
    return true;
  }
}
