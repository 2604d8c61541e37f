import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { AuthenticatedRequest, RAW_TOKEN } from '../access/authenticated-request';
import { AuthenticatedUser } from '../access/authenticated-user';
import { tokensConfig } from '../config/configuration';
import { verifyOptionsOf } from './jwt-options';
import { KeyRing } from './key.ring';
import { TokenVerifier } from './token.verifier';

/**
 * passport-jwt with the algorithm pinned and keys from the ring; what it verified goes to the
 * `TokenVerifier` for the claims, the type and revocation: no database round-trip.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: KeyRing,
    private readonly verifier: TokenVerifier,
    @Inject(tokensConfig.KEY) config: ConfigType<typeof tokensConfig>,
  ) {
    const { algorithms, issuer, audience, clockTolerance } = verifyOptionsOf(config);
    super({
      jwtFromRequest: (request: AuthenticatedRequest) => request[RAW_TOKEN] ?? null,
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: unknown, key?: Buffer) => void) => {
        try {
          // jsonwebtoken takes a KeyObject (and is ten times faster with one than with a
          // string); @types/passport-jwt only know strings and Buffers.
          done(null, keys.keyFor(rawToken) as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      algorithms,
      ...(issuer ? { issuer: issuer as string } : {}),
      ...(audience ? { audience: audience as string } : {}),
      jsonWebTokenOptions: { clockTolerance },
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: AuthenticatedRequest, payload: unknown): AuthenticatedUser {
    // jwtFromRequest found the token there: passport calls this only for a token it verified.
    const raw = request[RAW_TOKEN] as string;
    return this.verifier.admit(raw, payload, this.verifier.bearerTypes).user;
  }
}
