import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { JwksController } from './jwks.controller';
import { MetadataController } from './metadata.controller';
import { OAuthController } from './oauth.controller';
import { OAuthService } from './oauth.service';

/** RFC 6749/7009/7662/8414/7517 endpoints over the token and session services. */
@Module({
  imports: [AuthModule, TokensModule, SessionsModule, UsersModule, AuditModule],
  controllers: [OAuthController, MetadataController, JwksController],
  providers: [OAuthService],
})
export class OAuthModule {}
