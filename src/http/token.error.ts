import { ApiError } from './api.error';

export const TOKEN_MESSAGES = {
  invalid: 'Token is invalid or expired',
  blacklisted: 'Token is blacklisted',
  wrongType: 'Token has wrong type',
  noType: 'Token has no type',
  noId: 'Token has no id',
  noExp: "Token has no 'exp' claim",
  noUser: 'Token contained no recognizable user identification',
  noSession: 'Token contained no recognizable session',
  noRefreshExp: "Token has no 'refresh_exp' claim",
  refreshExpExpired: "Token 'refresh_exp' claim has expired",
} as const;
export type TokenMessage = (typeof TOKEN_MESSAGES)[keyof typeof TOKEN_MESSAGES];

/** SimpleJWT's `token_not_valid` failures, with its exact messages. */
export class TokenError extends ApiError {
  constructor(readonly reason: TokenMessage) {
    super('token_not_valid', reason);
    this.name = 'TokenError';
  }
}
