import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { MetadataController } from './metadata.controller';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

@Module({
  imports: [AuthModule, UsersModule, AuditModule],
  controllers: [OAuthController, MetadataController],
  providers: [OAuthService],
})
export class OAuthModule {}
