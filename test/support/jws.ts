import { constants, createHmac, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { JwtAlgorithm } from '../../src/config/environment';

/** Key material of one algorithm, as a test hands it to the app and uses it to sign. */
export interface TestKey {
  algorithm: JwtAlgorithm;
  /** What JWT_SIGNING_KEY / JWT_VERIFYING_KEYS receive: a secret or a PKCS#8 PEM. */
  material: string;
  /** The key that signs: the secret as a Buffer, or the private KeyObject. */
  signing: KeyObject | Buffer;
  /** Asymmetric only. */
  publicKey?: KeyObject;
}

const EC_CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
const cache = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

function pair(kind: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let found = cache.get(kind);
  if (!found) {
    found =
      kind === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: kind });
    cache.set(kind, found);
  }
  return found;
}

/**
 * A key for `algorithm`. The same RSA and EC keys are reused within a test file (generating
 * RSA keys is slow); `fresh` makes a new one, for rotation tests.
 */
export function testKey(algorithm: JwtAlgorithm, fresh = false): TestKey {
  if (algorithm.startsWith('HS')) {
    const secret = randomBytes(48).toString('base64url');
    return { algorithm, material: secret, signing: Buffer.from(secret, 'utf8') };
  }
  const kind = algorithm.startsWith('ES') ? EC_CURVES[algorithm] : 'rsa';
  const keys = fresh ? (cache.delete(kind), pair(kind)) : pair(kind);
  return {
    algorithm,
    material: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    signing: keys.privateKey,
    publicKey: keys.publicKey,
  };
}

export function b64(value: unknown): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return bytes.toString('base64url');
}

/**
 * Signs `header.payload` with any algorithm and key, whatever the header says: the forging
 * tool of the security suite. `payload` may be a raw string to send bytes that are not JSON.
 */
export function signWith(algorithm: string, key: KeyObject | Buffer, header: object, payload: unknown): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const hash = `sha${algorithm.slice(2)}`;
  let signature: Buffer;
  if (algorithm.startsWith('HS')) {
    signature = createHmac(hash, key).update(input).digest();
  } else if (algorithm.startsWith('PS')) {
    signature = sign(hash, Buffer.from(input), {
      key: key as KeyObject,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  } else if (algorithm.startsWith('ES')) {
    signature = sign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  } else {
    signature = sign(hash, Buffer.from(input), key);
  }
  return `${input}.${signature.toString('base64url')}`;
}

/** A token signed the way the server signs, with claims and header fields of the test's choosing. */
export function signAs(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return signWith(key.algorithm, key.signing, { alg: key.algorithm, typ: 'JWT', ...header }, claims);
}

export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
