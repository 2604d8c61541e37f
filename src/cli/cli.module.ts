import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { SettingsModule } from '../config/settings.module';
import { DatabaseModule } from '../database/database.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { CreateUserCommand } from './create-user.command';
import { FlushExpiredTokensCommand } from './flush-expired-tokens.command';
import { KeyIdsCommand } from './key-ids.command';
import { RevokeSessionsCommand } from './revoke-sessions.command';
import { SetPasswordCommand } from './set-password.command';
import { UpdateUserCommand } from './update-user.command';
import { KeyRing } from '../tokens/key.ring';

@Module({
  imports: [SettingsModule.forRoot(), DatabaseModule, AuditModule, UsersModule, SessionsModule, AccountsModule],
  providers: [
    CreateUserCommand,
    SetPasswordCommand,
    UpdateUserCommand,
    RevokeSessionsCommand,
    FlushExpiredTokensCommand,
    KeyIdsCommand,
    KeyRing,
  ],
})
export class CliModule {}
