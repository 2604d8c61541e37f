import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { LoginService } from './login.service';
import { MeController } from './me.controller';
import { RefreshCookieInterceptor } from './refresh-cookie.interceptor';
import { RefreshService } from './refresh.service';
import { SlidingController } from './sliding.controller';
import { SlidingService } from './sliding.service';
import { TokenController } from './token.controller';

/**
 * The SimpleJWT routes under /api/token/: login, refresh, verify, logout, sliding, cookie mode.
 * A module that guards its routes may import it (API.md's contract) or just `AccessModule` and `TokensModule`.
 */
@Module({
  imports: [AccessModule, UsersModule, SessionsModule, AuditModule, TokensModule],
  controllers: [TokenController, SlidingController, MeController],
  providers: [LoginService, RefreshService, SlidingService, RefreshCookieInterceptor],
  // Another module that imports AuthModule gets the guard, the principal vocabulary and the claims hook's stack.
  exports: [AccessModule, TokensModule, RefreshService],
})
export class AuthModule {}
