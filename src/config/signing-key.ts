import { Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.error';
import { JwtAlgorithm } from './environment';

const DEV_KEY_DIR = 'data';

/** RFC 7518 section 3.2: an HMAC key must be at least as long as the hash output. */
const HMAC_MIN_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
const EC_CURVES: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

export function isHmac(algorithm: JwtAlgorithm): boolean {
  return algorithm.startsWith('HS');
}

function readMaterial(variable: string, raw: string): string {
  if (!raw.startsWith('file:')) return raw;
  const path = raw.slice('file:'.length);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(variable, `cannot read key file ${path}`);
  }
}

function checkHmacSecret(variable: string, secret: string, algorithm: JwtAlgorithm): void {
  const minimum = HMAC_MIN_BYTES[algorithm];
  if (secret.includes('-----BEGIN')) {
    throw new ConfigError(variable, `is a PEM key but ${algorithm} needs an HMAC secret`);
  }
  if (Buffer.byteLength(secret, 'utf8') < minimum) {
    throw new ConfigError(variable, `is too short: ${algorithm} needs at least ${minimum} bytes`);
  }
}

/**
 * Refuses a key that cannot serve the configured algorithm (RS key for ES256...). RSASSA-PSS
 * restricted keys are refused too: they cannot be published as a JWK (RFC 7518 has no such
 * key type), so resource servers could never verify our tokens with them.
 */
function checkKeyType(variable: string, key: KeyObject, algorithm: JwtAlgorithm): void {
  const family = algorithm.slice(0, 2);
  const details = key.asymmetricKeyDetails;
  if (family === 'ES') {
    if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== EC_CURVES[algorithm]) {
      throw new ConfigError(variable, `does not match ${algorithm}: an EC key on ${EC_CURVES[algorithm]} is needed`);
    }
  } else if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(variable, `does not match ${algorithm}: an RSA key (rsaEncryption) is needed`);
  } else if ((details?.modulusLength ?? 0) < 2048) {
    throw new ConfigError(variable, `is too weak: ${algorithm} needs an RSA key of at least 2048 bits`);
  }
}

export function checkPrivateKey(variable: string, pem: string, algorithm: JwtAlgorithm): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(variable, `is not a PEM private key, which ${algorithm} needs`);
  }
  checkKeyType(variable, key, algorithm);
  return key;
}

/** A retired key may be given as its public or its private PEM; only the public half is used. */
function checkVerifyingKey(variable: string, pem: string, algorithm: JwtAlgorithm): void {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError(variable, `is not a PEM public or private key, which ${algorithm} needs`);
  }
  checkKeyType(variable, key, algorithm);
}

function generateDevKey(algorithm: JwtAlgorithm): string {
  if (isHmac(algorithm)) return randomBytes(64).toString('base64url');
  const options = algorithm.startsWith('ES')
    ? ({ type: 'ec', namedCurve: EC_CURVES[algorithm] } as const)
    : ({ type: 'rsa', modulusLength: 2048 } as const);
  const pair =
    options.type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: options.namedCurve })
      : generateKeyPairSync('rsa', { modulusLength: options.modulusLength });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Outside production a missing key is generated once and kept, so tokens survive restarts of a
 * development server. The file is private to the user running the service.
 */
function developmentKey(algorithm: JwtAlgorithm): string {
  const family = isHmac(algorithm) ? 'hmac' : algorithm.toLowerCase();
  const path = resolve(DEV_KEY_DIR, `jwt-signing-key.${family}`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generateDevKey(algorithm), { mode: 0o600, flag: 'wx' });
  new Logger('Config').warn(
    `JWT_SIGNING_KEY is not set: generated a ${algorithm} key into ${path} (development only; set JWT_SIGNING_KEY in production)`,
  );
  return readFileSync(path, 'utf8');
}

export function resolveSigningKey(raw: string | undefined, algorithm: JwtAlgorithm, production: boolean): string {
  if (!raw) {
    if (production) throw new ConfigError('JWT_SIGNING_KEY', 'is required when NODE_ENV=production');
    return developmentKey(algorithm);
  }
  const material = readMaterial('JWT_SIGNING_KEY', raw);
  if (isHmac(algorithm)) checkHmacSecret('JWT_SIGNING_KEY', material, algorithm);
  else checkPrivateKey('JWT_SIGNING_KEY', material, algorithm);
  return material;
}

/** `JWT_VERIFYING_KEYS`: `{"<kid>": "<PEM, file:PATH or secret>"}` of retired keys. */
export function resolveVerifyingKeys(raw: string | undefined, algorithm: JwtAlgorithm): Record<string, string> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('JWT_VERIFYING_KEYS', 'is not valid JSON (expected {"<kid>": "<key>"})');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('JWT_VERIFYING_KEYS', 'must be a JSON object {"<kid>": "<key>"}');
  }
  const keys: Record<string, string> = {};
  for (const [kid, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || value === '') {
      throw new ConfigError('JWT_VERIFYING_KEYS', `key "${kid}" must be a non-empty string`);
    }
    const material = readMaterial('JWT_VERIFYING_KEYS', value);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid)) {
      throw new ConfigError('JWT_VERIFYING_KEYS', `kid "${kid}" must be 1-64 characters of A-Z a-z 0-9 . _ -`);
    }
    const variable = `JWT_VERIFYING_KEYS["${kid}"]`;
    if (isHmac(algorithm)) checkHmacSecret(variable, material, algorithm);
    else checkVerifyingKey(variable, material, algorithm);
    keys[kid] = material;
  }
  return keys;
}
