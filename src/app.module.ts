import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { ScopesGuard } from './access/scopes.guard';
import { StaffGuard } from './access/staff.guard';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { LoginThrottleModule } from './auth/login-throttle.module';
import { logConfig } from './config/configuration';
import { SettingsModule } from './config/settings.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './database/database.module';
import { DrfValidationPipe } from './drf/drf-validation.pipe';
import { HealthModule } from './health/health.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { loggerParams } from './http/log.params';
import { MetricsModule } from './metrics/metrics.module';
import { OAuthModule } from './oauth/oauth.module';
import { SessionsModule } from './sessions/sessions.module';
import { JwtAuthGuard } from './tokens/jwt-auth.guard';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

/** Every module of the service, listed from the base up. */
@Module({
  imports: [
    SettingsModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [logConfig.KEY],
      useFactory: (log: ConfigType<typeof logConfig>) => loggerParams(log.level),
    }),
    DatabaseModule,
    AccessModule,
    MetricsModule,
    HealthModule,
    UsersModule,
    AuditModule,
    SessionsModule,
    TokensModule,
    AuthModule,
    AccountsModule,
    LoginThrottleModule,
    OAuthModule,
    ConsoleModule,
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
