import { Module } from '@nestjs/common';
import { ScopesGuard } from './scopes.guard';
import { StaffGuard } from './staff.guard';

/**
 * The request principal and the checks that read it. It depends on nothing but the base, so a
 * module that only wants `@CurrentUser()` or `@StaffOnly()` imports this and not the token stack.
 */
@Module({
  providers: [ScopesGuard, StaffGuard],
  exports: [ScopesGuard, StaffGuard],
})
export class AccessModule {}
