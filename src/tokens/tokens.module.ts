import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { tokensConfig } from '../config/configuration';
import { SessionsModule } from '../sessions/sessions.module';
import { JwtAuthGuard } from './jwt-auth.guard';
import { jwtModuleOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { KeyRing } from './key.ring';
import { TokenService } from './token.service';
import { TokenVerifier } from './token.verifier';

/**
 * Keys, signing, and the one verification path (with its cache) that the bearer guard and
 * every token route share. `AppModule` registers `JwtAuthGuard` globally.
 */
@Module({
  imports: [
    SessionsModule,
    PassportModule,
    JwtModule.registerAsync({
      extraProviders: [KeyRing],
      inject: [KeyRing, tokensConfig.KEY],
      useFactory: (keys: KeyRing, config: ConfigType<typeof tokensConfig>) => jwtModuleOptions(keys, config),
    }),
  ],
  providers: [KeyRing, TokenService, TokenVerifier, JwtStrategy, JwtAuthGuard],
  // JwtStrategy too: a guard used per route (`@UseGuards(JwtAuthGuard)`) is built in the consumer's module.
  exports: [KeyRing, TokenService, TokenVerifier, JwtStrategy, JwtAuthGuard],
})
export class TokensModule {}
