import { createHash, createHmac, generateKeyPairSync, KeyObject } from 'node:crypto';
import { ConfigError } from '../config/config.error';
import { TokenError } from '../http/token.error';
import { KeyRing, MAX_TOKEN_LENGTH } from './key.ring';

type TokensConfig = ConstructorParameters<typeof KeyRing>[0];

const SECRET = 's'.repeat(64);
const RETIRED = 'r'.repeat(64);
const OTHER = 'o'.repeat(64);

function ring(changes: Partial<TokensConfig> = {}): KeyRing {
  return new KeyRing({ algorithm: 'HS256', signingKey: SECRET, verifyingKeys: {}, ...changes } as TokensConfig);
}

const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: object, rest = 'e30.c2ln'): string => `${segment(header)}.${rest}`;
const hmacKid = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
const bytesOf = (key: KeyObject): string => key.export().toString('hex');

function refused(keys: KeyRing, raw: string): boolean {
  try {
    keys.keyFor(raw);
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return true;
  }
}

describe('KeyRing', () => {
  describe('the token it reads', () => {
    const keys = ring();

    it('takes a token of exactly MAX_TOKEN_LENGTH characters and refuses one character more', () => {
      const head = token({ alg: 'HS256' }, '');
      const exact = head + 'a'.repeat(MAX_TOKEN_LENGTH - head.length);
      expect(exact).toHaveLength(MAX_TOKEN_LENGTH);
      expect(refused(keys, exact)).toBe(false);
      expect(refused(keys, `${exact}a`)).toBe(true);
    });

    it('refuses a header segment with anything but base64url around it, at either end', () => {
      const header = segment({ alg: 'HS256' });
      expect(refused(keys, `${header}.e30.c2ln`)).toBe(false);
      expect(refused(keys, `!${header}.e30.c2ln`)).toBe(true);
      expect(refused(keys, `${header}!.e30.c2ln`)).toBe(true);
      expect(refused(keys, `${header}=.e30.c2ln`)).toBe(true);
      expect(refused(keys, `.e30.c2ln`)).toBe(true);
      expect(refused(keys, header)).toBe(true);
      expect(refused(keys, `${header}x`)).toBe(true);
    });

    it('refuses a header that is not a JSON object', () => {
      for (const header of ['"text"', '[1]', 'null', '{broken']) {
        expect(refused(keys, `${Buffer.from(header).toString('base64url')}.e30.c2ln`)).toBe(true);
      }
    });

    it('refuses critical extensions it does not understand', () => {
      expect(refused(keys, token({ alg: 'HS256', crit: ['exp'] }))).toBe(true);
      expect(refused(keys, token({ alg: 'HS256', crit: [] }))).toBe(true);
    });

    it('refuses a kid that names no key of the ring, or is not a kid at all', () => {
      expect(refused(keys, token({ alg: 'HS256', kid: 'unknown' }))).toBe(true);
      expect(refused(keys, token({ alg: 'HS256', kid: 5 }))).toBe(true);
      expect(refused(keys, token({ alg: 'HS256', kid: '' }))).toBe(true);
    });

    // The ring does not rely on the configuration's own check of kids: a name outside the
    // pattern is never looked up, even when a key was configured under it.
    it('takes kids of 1 to 64 characters only, with no foreign character at either end, even those the ring holds', () => {
      const longest = 'k'.repeat(64);
      const kids = [longest, 'k', 'a.B_9-z'];
      const names = ['', `${longest}x`, `x${longest}`, 'old!', '!old', 'old key'];
      const odd = ring({
        verifyingKeys: Object.fromEntries([
          ...kids.map((kid) => [kid, RETIRED]),
          ...names.map((name) => [name, OTHER]),
        ]),
      });
      for (const kid of kids) expect(refused(odd, token({ alg: 'HS256', kid }))).toBe(false);
      for (const kid of names) expect(refused(odd, token({ alg: 'HS256', kid }))).toBe(true);
    });
  });

  describe('kids', () => {
    it('a ring of one key still writes its kid, the first 16 hex digits of SHA-256 of the secret', () => {
      const keys = ring();
      expect(keys.headerKid).toBe(hmacKid(SECRET));
      expect(keys.signingKid).toBe(hmacKid(SECRET));
      expect(bytesOf(keys.keyFor(token({ alg: 'HS256', kid: hmacKid(SECRET) })))).toBe(bytesOf(keys.signingKey));
    });

    it('JWT_SIGNING_KEY_ID names the signing key; with retired keys the kid goes into headers', () => {
      const keys = ring({ signingKeyId: 'current', verifyingKeys: { old: RETIRED } });
      expect(keys.signingKid).toBe('current');
      expect(keys.headerKid).toBe('current');
      expect(bytesOf(keys.keyFor(token({ alg: 'HS256', kid: 'current' })))).toBe(bytesOf(keys.signingKey));
    });

    it('finds a retired key by its configured name and by the kid it had as the signing key', () => {
      const keys = ring({ verifyingKeys: { old: RETIRED } });
      const retired = bytesOf(keys.keyFor(token({ alg: 'HS256', kid: 'old' })));
      expect(retired).toBe(Buffer.from(RETIRED).toString('hex'));
      expect(bytesOf(keys.keyFor(token({ alg: 'HS256', kid: hmacKid(RETIRED) })))).toBe(retired);
    });

    it("a configured name wins over another key's derived kid, whichever is configured first", () => {
      // The operator named the key OTHER with the kid RETIRED would have had: the name wins.
      for (const verifyingKeys of [
        { [hmacKid(RETIRED)]: OTHER, old: RETIRED },
        { old: RETIRED, [hmacKid(RETIRED)]: OTHER },
      ]) {
        const keys = ring({ verifyingKeys });
        expect(bytesOf(keys.keyFor(token({ alg: 'HS256', kid: hmacKid(RETIRED) })))).toBe(
          Buffer.from(OTHER).toString('hex'),
        );
        expect(bytesOf(keys.keyFor(token({ alg: 'HS256', kid: 'old' })))).toBe(Buffer.from(RETIRED).toString('hex'));
      }
    });

    it('lists the signing key first, then each retired key, with the kid configured and the one derived', () => {
      const keys = ring({ verifyingKeys: { old: RETIRED, older: OTHER } });
      expect(keys.keyIds()).toEqual([
        { role: 'signing', kid: hmacKid(SECRET), derivedKid: hmacKid(SECRET) },
        { role: 'verifying', kid: 'old', derivedKid: hmacKid(RETIRED) },
        { role: 'verifying', kid: 'older', derivedKid: hmacKid(OTHER) },
      ]);
      expect(ring({ signingKeyId: 'current' }).keyIds()).toEqual([
        { role: 'signing', kid: 'current', derivedKid: 'current' },
      ]);
    });

    it('matches a token without kid against each key of the ring, the signing key when none matches', () => {
      const keys = ring({ verifyingKeys: { old: RETIRED } });
      const signedBy = (secret: string): string => {
        const input = `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ sub: '1' })}`;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      };
      expect(bytesOf(keys.keyFor(signedBy(RETIRED)))).toBe(Buffer.from(RETIRED).toString('hex'));
      expect(bytesOf(keys.keyFor(signedBy(SECRET)))).toBe(bytesOf(keys.signingKey));
      expect(bytesOf(keys.keyFor(signedBy(OTHER)))).toBe(bytesOf(keys.signingKey));
    });

    it('publishes no HMAC secret', () => {
      expect(ring({ verifyingKeys: { old: RETIRED } }).jwks()).toEqual({ keys: [] });
    });

    it('refuses a retired key configured under the kid of the signing key', () => {
      expect(() => ring({ signingKeyId: 'same', verifyingKeys: { same: RETIRED } })).toThrow(ConfigError);
      expect(() => ring({ signingKeyId: 'same', verifyingKeys: { same: RETIRED } })).toThrow(
        /JWT_VERIFYING_KEYS.*"same" has the kid of the signing key/,
      );
      expect(() => ring({ verifyingKeys: { [hmacKid(SECRET)]: RETIRED } })).toThrow(ConfigError);
    });

    it.each([
      ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), ['e', 'kty', 'n']],
      ['EC', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), ['crv', 'kty', 'x', 'y']],
    ] as const)('derives an %s kid as the RFC 7638 thumbprint and publishes it', (_name, generate, members) => {
      const { privateKey, publicKey } = generate();
      const algorithm = members.length === 3 ? 'RS256' : 'ES256';
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const keys = ring({ algorithm, signingKey: pem });
      const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
      const canonical = `{${members.map((name) => `"${name}":"${jwk[name]}"`).join(',')}}`;
      const expected = createHash('sha256').update(canonical).digest('base64url');
      expect(keys.signingKid).toBe(expected);
      expect(keys.jwks().keys).toEqual([{ ...jwk, kid: expected, alg: algorithm, use: 'sig' }]);
    });

    it('publishes a retired RSA key after the signing key, and finds it by name and by its thumbprint', () => {
      const current = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const retired = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = (key: KeyObject): string =>
        key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString();
      const keys = ring({
        algorithm: 'RS256',
        signingKey: pem(current.privateKey),
        verifyingKeys: { old: pem(retired.publicKey) },
      });
      const jwkOf = (key: KeyObject): Record<string, string> => key.export({ format: 'jwk' }) as Record<string, string>;
      const retiredJwk = jwkOf(retired.publicKey);
      const retiredThumbprint = createHash('sha256')
        .update(JSON.stringify({ e: retiredJwk.e, kty: retiredJwk.kty, n: retiredJwk.n }))
        .digest('base64url');
      expect(keys.jwks().keys).toEqual([
        { ...jwkOf(current.publicKey), kid: keys.signingKid, alg: 'RS256', use: 'sig' },
        { ...retiredJwk, kid: 'old', alg: 'RS256', use: 'sig' },
      ]);
      for (const kid of ['old', retiredThumbprint]) {
        const found = keys.keyFor(token({ alg: 'RS256', kid }));
        expect(found.type).toBe('public');
        expect(found.equals(retired.publicKey)).toBe(true);
      }
    });
  });
});
