import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ALL_CONFIG } from '../config/configuration';
import { DatabaseModule } from '../database/database.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { CreateUserCommand } from './create-user.command';
import { FlushExpiredTokensCommand } from './flush-expired-tokens.command';
import { RevokeSessionsCommand } from './revoke-sessions.command';
import { SetPasswordCommand } from './set-password.command';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: ALL_CONFIG }),
    DatabaseModule,
    AuditModule,
    UsersModule,
    SessionsModule,
    AccountsModule,
  ],
  providers: [CreateUserCommand, SetPasswordCommand, RevokeSessionsCommand, FlushExpiredTokensCommand],
})
export class CliModule {}
