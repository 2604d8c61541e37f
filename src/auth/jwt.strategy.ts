import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { TOKEN_MESSAGES, TokenError } from '../common/token.error';
import { tokensConfig } from '../config/configuration';
import { RevocationList } from '../sessions/revocation.list';
import { AuthenticatedUser } from './authenticated-user';
import { verifyOptionsOf } from './jwt-options';
import { KeyRing } from './key.ring';
import { checkClaims, TokenType } from './token.claims';

/** Where `JwtAuthGuard` leaves the token it took from a well-formed `Authorization` header. */
export const RAW_TOKEN = Symbol('rawAccessToken');
export type RequestWithToken = FastifyRequest & { [RAW_TOKEN]?: string; user?: AuthenticatedUser };

/**
 * passport-jwt with the algorithm pinned and keys from the ring. After the signature, the
 * claims and the in-memory revocation list are checked: no database round-trip.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly accepted: readonly TokenType[];

  constructor(
    keys: KeyRing,
    private readonly revocations: RevocationList,
    @Inject(tokensConfig.KEY) config: ConfigType<typeof tokensConfig>,
  ) {
    const { algorithms, issuer, audience, clockTolerance } = verifyOptionsOf(config);
    super({
      jwtFromRequest: (request: RequestWithToken) => request[RAW_TOKEN] ?? null,
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
    });
    this.accepted = config.slidingTokens ? ['access', 'sliding'] : ['access'];
  }

  validate(payload: unknown): AuthenticatedUser {
    const claims = checkClaims(payload, this.accepted);
    if (this.revocations.has(claims.sid)) throw new TokenError(TOKEN_MESSAGES.blacklisted);
    return AuthenticatedUser.fromClaims(claims);
  }
}
