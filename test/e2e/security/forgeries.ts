import { KeyObject, randomBytes } from 'node:crypto';
import { TOKEN_MESSAGES, TokenMessage } from '../../../src/http/token.error';
import { b64, signAs, signWith, TestKey } from '../../support/jws';

export type Endpoint = 'me' | 'verify' | 'refresh';

/** What a forger knows: the server's public material (if any), its own keys, a valid token. */
export interface ForgeryContext {
  /** The server's key: used only where the case is a valid signature over bad claims. */
  server: TestKey;
  /** The server's public key under ES256; under HS256 (no public key) an unrelated one. */
  publicKey: KeyObject;
  attacker: { privateKey: KeyObject; publicKey: KeyObject };
  /** A listener that must never be called: jku/x5u point there. */
  listenerUrl: string;
  leewaySeconds: number;
  issued: { access: string; refresh: string };
}

export interface Forgery {
  name: string;
  /** Where it is sent; all three unless the case only makes sense for some. */
  endpoints?: readonly Endpoint[];
  /** The reason in the body: "Token is invalid or expired" unless a claim check names it. */
  message?: TokenMessage;
  /** `claims`: the valid claims of the token the endpoint expects (refresh for refresh). */
  forge(context: ForgeryContext, claims: Record<string, unknown>): string;
}

const now = (): number => Math.floor(Date.now() / 1000);
const without = (claims: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
const signed = (context: ForgeryContext, claims: object, header: object = {}) =>
  signAs(context.server, claims as Record<string, unknown>, header as Record<string, unknown>);
const body = (claims: object, header: object, signature = '') => `${b64(header)}.${b64(claims)}.${signature}`;
const attackerSigned = (context: ForgeryContext, claims: object, header: object) =>
  signWith('ES256', context.attacker.privateKey, { alg: 'ES256', ...header }, claims);
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const hmac = (secret: string | Buffer, claims: object, header: object = {}) =>
  signWith('HS256', Buffer.from(secret), { alg: 'HS256', typ: 'JWT', ...header }, claims);
/** A valid sliding token, for the endpoints that expect another type. */
const slidingToken = (context: ForgeryContext, claims: object) =>
  signed(context, { ...claims, token_type: 'sliding', refresh_exp: now() + 3600 });
const realSignature = (context: ForgeryContext, claims: object) => signed(context, claims).split('.')[2];

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE'];

const algNone: Forgery[] = NONE_SPELLINGS.flatMap((alg) => [
  { name: `alg "${alg}" without a signature`, forge: (_c, claims) => body(claims, { alg, typ: 'JWT' }) },
  {
    name: `alg "${alg}" with the server's own signature`,
    forge: (c, claims) => body(claims, { alg, typ: 'JWT' }, realSignature(c, claims)),
  },
]);

const signatures: Forgery[] = [
  { name: 'empty signature', forge: (c, claims) => body(claims, { alg: c.server.algorithm, typ: 'JWT' }) },
  {
    name: 'all-zero signature',
    forge: (c, claims) => body(claims, { alg: c.server.algorithm }, Buffer.alloc(64).toString('base64url')),
  },
  {
    name: 'one payload bit flipped',
    forge: (c, claims) => {
      const [header, payload, signature] = signed(c, claims).split('.');
      const bytes = Buffer.from(payload, 'base64url');
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      return `${header}.${bytes.toString('base64url')}.${signature}`;
    },
  },
  { name: 'HMAC with an empty secret', forge: (_c, claims) => hmac('', claims) },
  { name: 'HMAC with another secret', forge: (_c, claims) => hmac(randomBytes(64), claims) },
  { name: 'HS/ES confusion: public key PEM as secret', forge: (c, claims) => hmac(pem(c.publicKey), claims) },
  {
    name: 'HS/ES confusion: PEM without its trailing newline',
    forge: (c, claims) => hmac(pem(c.publicKey).trimEnd(), claims),
  },
  {
    name: 'HS/ES confusion: DER as secret',
    forge: (c, claims) => hmac(c.publicKey.export({ type: 'spki', format: 'der' }), claims),
  },
  {
    name: 'HS/ES confusion: JWK JSON as secret',
    forge: (c, claims) => hmac(JSON.stringify(c.publicKey.export({ format: 'jwk' })), claims),
  },
  {
    name: 'ECDSA r = s = 0 ("psychic signature")',
    forge: (_c, claims) => body(claims, { alg: 'ES256', typ: 'JWT' }, Buffer.alloc(64).toString('base64url')),
  },
  {
    name: 'ES256 signed by the attacker',
    forge: (c, claims) => attackerSigned(c, claims, { typ: 'JWT' }),
  },
  {
    name: 'alg spelled in lower case over a real signature',
    forge: (c, claims) => {
      const [, payload, signature] = signed(c, claims).split('.');
      return `${b64({ alg: c.server.algorithm.toLowerCase(), typ: 'JWT' })}.${payload}.${signature}`;
    },
  },
];

const headers: Forgery[] = [
  {
    name: 'embedded jwk of the attacker',
    forge: (c, claims) => attackerSigned(c, claims, { jwk: c.attacker.publicKey.export({ format: 'jwk' }) }),
  },
  {
    name: 'embedded symmetric jwk',
    forge: (_c, claims) => {
      const secret = randomBytes(32);
      return hmac(secret, claims, { jwk: { kty: 'oct', k: secret.toString('base64url') } });
    },
  },
  {
    name: 'jku pointing at the attacker',
    forge: (c, claims) => attackerSigned(c, claims, { jku: `${c.listenerUrl}/jwks.json`, kid: 'attacker' }),
  },
  {
    name: 'jku without kid',
    forge: (c, claims) => attackerSigned(c, claims, { jku: `${c.listenerUrl}/jwks.json` }),
  },
  {
    name: 'x5u pointing at the attacker',
    forge: (c, claims) => attackerSigned(c, claims, { x5u: `${c.listenerUrl}/cert.pem` }),
  },
  {
    name: 'x5c with the attacker key',
    forge: (c, claims) =>
      attackerSigned(c, claims, {
        x5c: [c.attacker.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')],
      }),
  },
  {
    name: 'kid path traversal to /dev/null',
    forge: (_c, claims) => hmac('', claims, { kid: '../../../../../dev/null' }),
  },
  { name: 'kid absolute path', forge: (_c, claims) => hmac('', claims, { kid: '/dev/null' }) },
  { name: 'kid with encoded traversal', forge: (_c, claims) => hmac('', claims, { kid: '..%2F..%2Fetc%2Fpasswd' }) },
  {
    name: 'kid with SQL text',
    forge: (_c, claims) => hmac('secret', claims, { kid: "x' UNION SELECT 'secret' -- " }),
  },
  { name: 'kid with a SQL statement', forge: (_c, claims) => hmac('', claims, { kid: '1; DROP TABLE users' }) },
  { name: 'kid that is not a string', forge: (c, claims) => signed(c, claims, { kid: { $ne: null } }) },
  { name: 'crit naming a claim', forge: (c, claims) => signed(c, claims, { crit: ['exp'], exp: now() + 60 }) },
  { name: 'crit b64 (RFC 7797)', forge: (c, claims) => signed(c, claims, { crit: ['b64'], b64: false }) },
];

const encodings: Forgery[] = [
  { name: 'no dots', forge: () => 'eyJhbGciOiJIUzI1NiJ9' },
  { name: 'two segments', forge: (c, claims) => signed(c, claims).split('.').slice(0, 2).join('.') },
  { name: 'four segments', forge: (c, claims) => `${signed(c, claims)}.AAAA` },
  { name: 'empty segments', forge: () => '..' },
  { name: 'header that is not base64url', forge: (c, claims) => `!!!${signed(c, claims)}` },
  { name: 'header that is not JSON', forge: (c, claims) => `${b64('not json')}.${signed(c, claims).split('.')[1]}.AA` },
  { name: 'header that is a JSON string', forge: (c, claims) => `${b64('"HS256"')}.${b64(claims)}.AA` },
  {
    name: 'payload that is not JSON, validly signed',
    forge: (c) => signWith(c.server.algorithm, c.server.signing, { alg: c.server.algorithm }, 'not json'),
  },
  {
    name: 'base64 with padding instead of base64url',
    forge: (c, claims) => {
      const [header, , signature] = signed(c, claims).split('.');
      return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64')}.${signature}`;
    },
  },
  { name: 'latin-1 bytes in the signature', forge: (c, claims) => `${signed(c, claims)}é` },
  { name: 'oversized (12 KB)', forge: (c, claims) => signed(c, { ...claims, pad: 'x'.repeat(9000) }) },
];

const claimsChecks: Forgery[] = [
  {
    name: 'expired by leeway + 1 s',
    forge: (c, claims) => signed(c, { ...claims, exp: now() - c.leewaySeconds - 1 }),
  },
  { name: 'nbf in the future', forge: (c, claims) => signed(c, { ...claims, nbf: now() + c.leewaySeconds + 60 }) },
  { name: 'exp as a string', forge: (c, claims) => signed(c, { ...claims, exp: String(now() + 300) }) },
  {
    name: 'no exp at all',
    message: TOKEN_MESSAGES.noExp,
    forge: (c, claims) => signed(c, without(claims, 'exp')),
  },
  { name: 'wrong iss', forge: (c, claims) => signed(c, { ...claims, iss: 'https://evil.example' }) },
  { name: 'no iss', forge: (c, claims) => signed(c, without(claims, 'iss')) },
  { name: 'wrong aud', forge: (c, claims) => signed(c, { ...claims, aud: 'other-api' }) },
  { name: 'no aud', forge: (c, claims) => signed(c, without(claims, 'aud')) },
  { name: 'no jti', message: TOKEN_MESSAGES.noId, forge: (c, claims) => signed(c, without(claims, 'jti')) },
  { name: 'no sid', message: TOKEN_MESSAGES.noSession, forge: (c, claims) => signed(c, without(claims, 'sid')) },
  {
    name: 'no user_id',
    message: TOKEN_MESSAGES.noUser,
    forge: (c, claims) => signed(c, without(claims, 'user_id')),
  },
  {
    name: 'no token_type',
    message: TOKEN_MESSAGES.noType,
    forge: (c, claims) => signed(c, without(claims, 'token_type')),
  },
  {
    name: 'token_type of another kind ("id")',
    message: TOKEN_MESSAGES.wrongType,
    forge: (c, claims) => signed(c, { ...claims, token_type: 'id' }),
  },
];

const typeConfusion: Forgery[] = [
  {
    name: 'a refresh token used as access',
    endpoints: ['me'],
    message: TOKEN_MESSAGES.wrongType,
    forge: (c) => c.issued.refresh,
  },
  {
    name: 'a sliding token used as access (sliding mode off)',
    endpoints: ['me'],
    message: TOKEN_MESSAGES.wrongType,
    forge: slidingToken,
  },
  {
    name: 'an access token used as refresh',
    endpoints: ['refresh'],
    message: TOKEN_MESSAGES.wrongType,
    forge: (c) => c.issued.access,
  },
  {
    name: 'a sliding token used as refresh',
    endpoints: ['refresh'],
    message: TOKEN_MESSAGES.wrongType,
    forge: slidingToken,
  },
];

export const FORGERIES: readonly Forgery[] = [
  ...algNone,
  ...signatures,
  ...headers,
  ...encodings,
  ...claimsChecks,
  ...typeConfusion,
];
