import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { LoginService } from './login.service';
import { MeController } from './me.controller';
import { CrossSiteGuard, RefreshCookieInterceptor } from './refresh-cookie.interceptor';
import { RefreshService } from './refresh.service';
import { SlidingController } from './sliding.controller';
import { SlidingService } from './sliding.service';
import { TokenController } from './token.controller';

/**
 * The SimpleJWT routes under /api/token/: login, refresh, verify, logout, sliding, cookie mode.
 * Another module may import it for the per-route guard and the principal vocabulary, or just `AccessModule` (and
 * `TokensModule` for `@UseGuards(JwtAuthGuard)`).
 */
@Module({
  imports: [AccessModule, UsersModule, SessionsModule, AuditModule, TokensModule],
  controllers: [TokenController, SlidingController, MeController],
  providers: [LoginService, RefreshService, SlidingService, RefreshCookieInterceptor, CrossSiteGuard],
  // Another module that imports AuthModule gets the guard, the principal vocabulary and the claims hook's stack.
  exports: [AccessModule, TokensModule, RefreshService],
})
export class AuthModule {}
