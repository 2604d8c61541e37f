import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash, createPrivateKey, createPublicKey, createSecretKey, JsonWebKey, KeyObject } from 'node:crypto';
import { TOKEN_MESSAGES, TokenError } from '../http/token.error';
import { ConfigError } from '../config/config.error';
import { tokensConfig } from '../config/configuration';
import { JwtAlgorithm } from '../config/environment';
import { isHmac } from '../config/signing-key';
import { signatureMatches } from './jws.signature';

export interface PublicJwk extends JsonWebKey {
  kid: string;
  alg: JwtAlgorithm;
  use: 'sig';
}

/** No token of ours comes near this; a bigger one is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9._-]{1,64}$/;

/** RFC 7638: SHA-256 over the required members of the public JWK, in lexicographic order. */
function thumbprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  const members = jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['e', 'kty', 'n'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name as keyof JsonWebKey]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function hmacKid(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** The header of a compact JWS, parsed only far enough to pick a key. */
function readHeader(token: string): { kid?: unknown; crit?: unknown } {
  const dot = token.indexOf('.');
  const encoded = dot > 0 ? token.slice(0, dot) : '';
  if (!BASE64URL.test(encoded)) throw new TokenError(TOKEN_MESSAGES.invalid);
  try {
    const header: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('not an object');
    return header;
  } catch {
    throw new TokenError(TOKEN_MESSAGES.invalid);
  }
}

/** A key of the ring as published: its `kid` and the key that verifies. */
interface RingKey {
  kid: string;
  key: KeyObject;
}

/** A key's `kid` as configured, and the one derived from the key itself (also accepted). */
export interface KeyId {
  role: 'signing' | 'verifying';
  kid: string;
  derivedKid: string;
}

/**
 * One signing key and the retired keys still accepted, each built once as a `KeyObject`
 * (jsonwebtoken re-imports string keys on every call, which costs a factor of ten in the
 * guard). Keys are chosen by `kid` from this ring only: `jku`, `x5u`, `x5c` and embedded `jwk`
 * headers are never looked at.
 */
@Injectable()
export class KeyRing {
  readonly algorithm: JwtAlgorithm;
  readonly signingKey: KeyObject;
  readonly signingKid: string;
  /** Signing key first, then the retired ones, each once. */
  private readonly published: Array<RingKey & { derivedKid: string }> = [];
  /** Every `kid` a token may name: the configured ones and the derived ones (see below). */
  private readonly byKid = new Map<string, KeyObject>();

  constructor(@Inject(tokensConfig.KEY) config: ConfigType<typeof tokensConfig>) {
    this.algorithm = config.algorithm;
    const hmac = isHmac(config.algorithm);
    if (hmac) {
      this.signingKey = createSecretKey(Buffer.from(config.signingKey, 'utf8'));
      this.signingKid = config.signingKeyId ?? hmacKid(config.signingKey);
      this.add(this.signingKid, this.signingKey, this.signingKid);
    } else {
      this.signingKey = createPrivateKey(config.signingKey);
      const publicKey = createPublicKey(this.signingKey);
      this.signingKid = config.signingKeyId ?? thumbprint(publicKey);
      this.add(this.signingKid, publicKey, this.signingKid);
    }
    for (const [kid, material] of Object.entries(config.verifyingKeys)) {
      if (kid === this.signingKid) {
        throw new ConfigError('JWT_VERIFYING_KEYS', `key "${kid}" has the kid of the signing key`);
      }
      const key = hmac ? createSecretKey(Buffer.from(material, 'utf8')) : createPublicKey(material);
      this.add(kid, key, hmac ? hmacKid(material) : thumbprint(key));
    }
  }

  /**
   * Tokens signed while this key was the signing key carry the kid it had then, which is the
   * derived one unless JWT_SIGNING_KEY_ID was set: the derived kid is accepted as an alias, so
   * that an operator may name a retired key as they like in JWT_VERIFYING_KEYS.
   */
  private add(kid: string, key: KeyObject, derivedKid: string): void {
    this.published.push({ kid, key, derivedKid });
    this.byKid.set(kid, key);
    if (!this.byKid.has(derivedKid)) this.byKid.set(derivedKid, key);
  }

  /** Signing key first, then each retired key: what an operator needs to rotate keys. */
  keyIds(): KeyId[] {
    return this.published.map(({ kid, derivedKid }, index) => ({
      role: index === 0 ? 'signing' : 'verifying',
      kid,
      derivedKid,
    }));
  }

  /** Always in headers: JWKS clients pick the key by `kid` even when the set has only one. */
  get headerKid(): string {
    return this.signingKid;
  }

  /**
   * The key that may verify `token`: the one its `kid` names (an unknown `kid` is refused, never
   * fetched from anywhere). Critical extensions are not understood, so a token that declares
   * any is refused (RFC 7515 section 4.1.11).
   */
  keyFor(token: string): KeyObject {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenError(TOKEN_MESSAGES.invalid);
    const header = readHeader(token);
    if (header.crit !== undefined) throw new TokenError(TOKEN_MESSAGES.invalid);
    if (header.kid === undefined) return this.keyWithoutKid(token);
    if (typeof header.kid !== 'string' || !KID.test(header.kid)) throw new TokenError(TOKEN_MESSAGES.invalid);
    const key = this.byKid.get(header.kid);
    if (!key) throw new TokenError(TOKEN_MESSAGES.invalid);
    return key;
  }

  /**
   * Tokens issued before every header carried a `kid` have none: they are matched against each
   * key of the ring (a handful at most, all of the pinned algorithm).
   */
  private keyWithoutKid(token: string): KeyObject {
    const [signing] = this.published;
    if (this.published.length === 1) return signing.key;
    const match = this.published.find(({ key }) => signatureMatches(token, key, this.algorithm));
    return (match ?? signing).key;
  }

  /** RFC 7517 public keys; HMAC secrets are never published. */
  jwks(): { keys: PublicJwk[] } {
    if (isHmac(this.algorithm)) return { keys: [] };
    const keys = this.published.map(({ kid, key }) => ({
      ...key.export({ format: 'jwk' }),
      kid,
      alg: this.algorithm,
      use: 'sig' as const,
    }));
    return { keys };
  }
}
