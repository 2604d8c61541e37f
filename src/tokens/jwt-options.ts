import { JwtModuleOptions, JwtSecretRequestType } from '@nestjs/jwt';
import type { VerifyOptions } from 'jsonwebtoken';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { TokenSettings } from '../config/settings';
import { KeyRing } from './key.ring';

/**
 * The verification rules shared by `TokenService` and the passport strategy: one algorithm
 * (no `none`, no HS/RS confusion), the configured issuer, audience and leeway.
 */
export function verifyOptionsOf(config: TokenSettings): VerifyOptions & { algorithms: [KeyRing['algorithm']] } {
  return {
    algorithms: [config.algorithm],
    clockTolerance: config.leewaySeconds,
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
  };
}

export function jwtModuleOptions(keys: KeyRing, config: TokenSettings): JwtModuleOptions {
  return {
    signOptions: { algorithm: config.algorithm },
    verifyOptions: verifyOptionsOf(config),
    secretOrKeyProvider: (type: JwtSecretRequestType, tokenOrPayload: string | object | Buffer) => {
      if (type === JwtSecretRequestType.SIGN) return keys.signingKey;
      if (typeof tokenOrPayload !== 'string') throw new TokenError(TOKEN_MESSAGES.invalid);
      return keys.keyFor(tokenOrPayload);
    },
  };
}
