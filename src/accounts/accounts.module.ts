import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AccountService } from './account.service';
import { AdminUsersController } from './admin-users.controller';
import { MeProfileController } from './me-profile.controller';

/** Account workflows above users, sessions and audit: the admin and self-service APIs and the CLI share them. */
@Module({
  imports: [UsersModule, SessionsModule, AuditModule],
  controllers: [MeProfileController, AdminUsersController],
  providers: [AccountService],
  exports: [AccountService],
})
export class AccountsModule {}
