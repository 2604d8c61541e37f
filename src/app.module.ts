import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/guards/jwt-auth.guard';
import { ScopesGuard } from './auth/guards/scopes.guard';
import { StaffGuard } from './auth/guards/staff.guard';
import { LoginThrottleModule } from './auth/login-throttle.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { DrfValidationPipe } from './common/drf-validation.pipe';
import { ALL_CONFIG } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OAuthModule } from './oauth/oauth.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: ALL_CONFIG }),
    DatabaseModule,
    AuthModule,
    LoginThrottleModule,
    OAuthModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_PIPE, useClass: DrfValidationPipe },
    // Order matters: authentication first, then the checks that read the authenticated user.
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
    { provide: APP_GUARD, useExisting: ScopesGuard },
    { provide: APP_GUARD, useExisting: StaffGuard },
  ],
})
export class AppModule {}
