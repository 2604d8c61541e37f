import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AccountService } from './account.service';
import { AdminUsersController } from './admin-users.controller';
import { MeProfileController } from './me-profile.controller';
import { PasswordHasher } from './password.hasher';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Users and their accounts. `AccountService` needs `UserSessions`, which the (global)
 * sessions module provides, so that this module does not depend on sessions/.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User]), AuditModule],
  controllers: [MeProfileController, AdminUsersController],
  providers: [UsersService, PasswordHasher, AccountService],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
