import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuditModule } from '../audit/audit.module';
import { tokensConfig } from '../config/configuration';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { ScopesGuard } from './guards/scopes.guard';
import { StaffGuard } from './guards/staff.guard';
import { JwksController } from './jwks.controller';
import { jwtModuleOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { KeyRing } from './key.ring';
import { LoginLockout } from './login-lockout.service';
import { LoginService } from './login.service';
import { MeController } from './me.controller';
import { RefreshCookieInterceptor } from './refresh-cookie.interceptor';
import { RefreshService } from './refresh.service';
import { SlidingController } from './sliding.controller';
import { SlidingService } from './sliding.service';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Issues and checks tokens. Other modules import it for `JwtAuthGuard`, `ScopesGuard`,
 * `StaffGuard` and the decorators; `AppModule` registers the guards globally.
 */
@Module({
  imports: [
    UsersModule,
    SessionsModule,
    AuditModule,
    PassportModule,
    JwtModule.registerAsync({
      extraProviders: [KeyRing],
      inject: [KeyRing, tokensConfig.KEY],
      useFactory: (keys: KeyRing, config: ConfigType<typeof tokensConfig>) => jwtModuleOptions(keys, config),
    }),
  ],
  controllers: [TokenController, SlidingController, MeController, JwksController],
  providers: [
    KeyRing,
    TokenService,
    LoginService,
    LoginLockout,
    RefreshService,
    SlidingService,
    RefreshCookieInterceptor,
    JwtStrategy,
    JwtAuthGuard,
    ScopesGuard,
    StaffGuard,
  ],
  exports: [KeyRing, TokenService, RefreshService, JwtStrategy, JwtAuthGuard, ScopesGuard, StaffGuard, SessionsModule],
})
export class AuthModule {}
