import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api.error';
import { RouteMetadata } from './route-metadata';
import { REQUIRED_SCOPES } from './scopes.decorator';
import type { AuthenticatedRequest } from './authenticated-request';

/** Enforces `@Scopes(...)`; runs after `JwtAuthGuard`. */
@Injectable()
export class ScopesGuard implements CanActivate {
  private readonly requiredScopes: RouteMetadata<string[]>;

  constructor(reflector: Reflector) {
    this.requiredScopes = new RouteMetadata(reflector, REQUIRED_SCOPES);
  }

  canActivate(context: ExecutionContext): boolean {
    const required = this.requiredScopes.of(context);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw ApiError.notAuthenticated();
    if (!user.hasScopes(required)) throw ApiError.permissionDenied();
    return true;
  }
}
