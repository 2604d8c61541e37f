import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { LoginLockout } from '../auth/login-lockout.service';
import { SettingsModule } from '../config/settings.module';
import { DatabaseModule } from '../database/database.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { CreateUserCommand } from './create-user.command';
import { FlushExpiredTokensCommand } from './flush-expired-tokens.command';
import { RevokeSessionsCommand } from './revoke-sessions.command';
import { SetPasswordCommand } from './set-password.command';

@Module({
  imports: [SettingsModule.forRoot(), DatabaseModule, AuditModule, UsersModule, SessionsModule, AccountsModule],
  providers: [CreateUserCommand, SetPasswordCommand, RevokeSessionsCommand, FlushExpiredTokensCommand, LoginLockout],
})
export class CliModule {}
