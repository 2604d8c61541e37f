import { constants, createHmac, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { JwtAlgorithm } from '../config/environment';

/**
 * Whether the signature of a compact JWS was made by `key` with `algorithm` (RFC 7518
 * section 3). Only used to pick which of several keys to hand to jsonwebtoken, which then
 * does the real verification (algorithm pinning, times, claims) itself.
 */
export function signatureMatches(token: string, key: KeyObject, algorithm: JwtAlgorithm): boolean {
  const lastDot = token.lastIndexOf('.');
  if (lastDot <= 0) return false;
  const input = Buffer.from(token.slice(0, lastDot), 'ascii');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  const hash = `sha${algorithm.slice(2)}`;
  try {
    switch (algorithm.slice(0, 2)) {
      case 'HS': {
        const expected = createHmac(hash, key).update(input).digest();
        return expected.length === signature.length && timingSafeEqual(expected, signature);
      }
      case 'PS':
        return verify(
          hash,
          input,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
          signature,
        );
      case 'ES':
        // JWS carries ECDSA signatures as r || s (IEEE P1363), not DER.
        return verify(hash, input, { key, dsaEncoding: 'ieee-p1363' }, signature);
      default:
        return verify(hash, input, key, signature);
    }
  } catch {
    return false;
  }
}
