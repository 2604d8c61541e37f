import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/guards/jwt-auth.guard';
import { ScopesGuard } from './auth/guards/scopes.guard';
import { StaffGuard } from './auth/guards/staff.guard';
import { LoginThrottleModule } from './auth/login-throttle.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { DrfValidationPipe } from './common/drf-validation.pipe';
import { loggerParams } from './common/log.params';
import { ALL_CONFIG, logConfig } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OAuthModule } from './oauth/oauth.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: ALL_CONFIG }),
    LoggerModule.forRootAsync({
      inject: [logConfig.KEY],
      useFactory: (log: ConfigType<typeof logConfig>) => loggerParams(log.level),
    }),
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
