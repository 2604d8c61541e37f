import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config.error';
import { loadSettings } from './settings';

const KEY = 'k'.repeat(64);

function problem(env: Record<string, string>): string {
  try {
    loadSettings({ JWT_SIGNING_KEY: KEY, ...env });
    return 'ok';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

describe('loadSettings', () => {
  it('has the documented defaults', () => {
    const settings = loadSettings({ JWT_SIGNING_KEY: KEY });
    expect(settings.http).toMatchObject({ port: 3000, host: '0.0.0.0' });
    expect(settings.database).toMatchObject({ type: 'sqlite', url: 'data/auth.sqlite', migrateOnStart: true });
    expect(settings.tokens).toMatchObject({
      algorithm: 'HS256',
      accessLifetimeSeconds: 300,
      refreshLifetimeSeconds: 86400,
      leewaySeconds: 0,
      rotateRefreshTokens: true,
      authHeaderTypes: ['Bearer'],
    });
    expect(settings.sessions).toMatchObject({
      maxLifetimeSeconds: 30 * 86400,
      maxPerUser: 50,
      reuseGraceSeconds: 0,
      revocationSyncIntervalMs: 1000,
    });
    expect(settings.login).toMatchObject({ bcryptRounds: 12, maxFailures: 5, lockoutSeconds: 900, ipMaxPerMinute: 30 });
  });

  it('reads PUBLIC_URL without its trailing slash, path kept', () => {
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, PUBLIC_URL: 'https://auth.example.com/' }).http.publicUrl).toBe(
      'https://auth.example.com',
    );
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, PUBLIC_URL: 'https://example.com/auth/' }).http.publicUrl).toBe(
      'https://example.com/auth',
    );
  });

  it('reads database URLs', () => {
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, DATABASE_URL: 'sqlite::memory:' }).database.url).toBe(':memory:');
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, DATABASE_URL: 'mariadb://u:p@h/db' }).database).toMatchObject({
      type: 'mysql',
      url: 'mysql://u:p@h/db',
    });
  });

  it.each([
    [{ NODE_ENV: 'production', JWT_SIGNING_KEY: '' }, 'JWT_SIGNING_KEY: is required when NODE_ENV=production'],
    [{ JWT_SIGNING_KEY: 'short' }, 'JWT_SIGNING_KEY: is too short: HS256 needs at least 32 bytes'],
    [
      { JWT_ALGORITHM: 'HS512', JWT_SIGNING_KEY: 'x'.repeat(63) },
      'JWT_SIGNING_KEY: is too short: HS512 needs at least 64 bytes',
    ],
    [{ JWT_ALGORITHM: 'RS256' }, 'JWT_SIGNING_KEY: is not a PEM private key, which RS256 needs'],
    [{ REFRESH_REUSE_GRACE: 'soon' }, 'REFRESH_REUSE_GRACE: must be a duration'],
    [{ PORT: 'eighty' }, 'PORT: must be an integer number'],
    [{ BCRYPT_ROUNDS: '3' }, 'BCRYPT_ROUNDS: must not be less than 4'],
    [{ ROTATE_REFRESH_TOKENS: 'maybe' }, 'ROTATE_REFRESH_TOKENS: must be one of true false 1 0 yes no'],
    [
      { DATABASE_URL: 'sqlite:/nonexistent-token-service/x.sqlite' },
      'DATABASE_URL: directory /nonexistent-token-service does not exist',
    ],
    [{ DATABASE_URL: 'mysql://u:p#w@h/db' }, 'DATABASE_URL: is not a valid URL: percent-encode special characters'],
    [{ DATABASE_URL: 'mysql://u:p@h' }, 'DATABASE_URL: names no database'],
    [{ JWT_VERIFYING_KEYS: '{not json' }, 'JWT_VERIFYING_KEYS: is not valid JSON'],
    [{ NODE_ENV: 'production' }, 'PUBLIC_URL: is required when NODE_ENV=production'],
    [{ PUBLIC_URL: 'auth.example.com' }, 'PUBLIC_URL: must be an absolute http(s) URL'],
    [{ PUBLIC_URL: 'ftp://auth.example.com' }, 'PUBLIC_URL: must be an absolute http(s) URL'],
    [{ PUBLIC_URL: 'https://auth.example.com/?a=1' }, 'PUBLIC_URL: must be an absolute http(s) URL'],
    [{ PUBLIC_URL: 'https://auth.example.com/#top' }, 'PUBLIC_URL: must be an absolute http(s) URL'],
    [{ JWT_SIGNING_KEY: 'file:/nonexistent/key.pem' }, 'JWT_SIGNING_KEY: cannot read key file /nonexistent/key.pem'],
  ])('refuses %j', (env, message) => {
    expect(problem(env)).toContain(message);
  });

  it('names every wrong variable at once, one line each, and skips the checks that depend on one', () => {
    expect(
      problem({
        PORT: 'eighty',
        SLIDING_TOKENS: 'on',
        DATABASE_URL: 'mysql://u:p#w@h/db',
        JWT_SIGNING_KEY: 'short',
        JWT_VERIFYING_KEYS: '{not json',
      }).split('\n'),
    ).toEqual([
      'PORT: must be an integer number',
      'SLIDING_TOKENS: must be one of true false 1 0 yes no',
      expect.stringMatching(/^DATABASE_URL: is not a valid URL/),
      'JWT_SIGNING_KEY: is too short: HS256 needs at least 32 bytes',
      expect.stringMatching(/^JWT_VERIFYING_KEYS: is not valid JSON/),
    ]);
    // An invalid algorithm makes the key checks meaningless: only the algorithm is named.
    expect(problem({ JWT_ALGORITHM: 'none', JWT_SIGNING_KEY: 'short' }).split('\n')).toEqual([
      expect.stringMatching(/^JWT_ALGORITHM: must be one of/),
    ]);
  });

  it('creates no directory but ./data/ for an sqlite: file', () => {
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, DATABASE_URL: 'sqlite:data/other.sqlite' }).database.url).toBe(
      'data/other.sqlite',
    );
    expect(loadSettings({ JWT_SIGNING_KEY: KEY, DATABASE_URL: 'mysql://u:p%23w@h:3306/db' }).database.url).toBe(
      'mysql://u:p%23w@h:3306/db',
    );
  });

  it('refuses a private key that does not match the algorithm', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(problem({ JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: rsa.toString() })).toContain(
      'JWT_SIGNING_KEY: does not match ES256',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(problem({ JWT_ALGORITHM: 'ES384', JWT_SIGNING_KEY: ec.toString() })).toContain('does not match ES384');
    expect(problem({ JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: ec.toString() })).toBe('ok');
  });
});

describe('loadSettings refuses keys that do not fit the algorithm (production and elsewhere)', () => {
  const pem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
    key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsa = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const weakRsa = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
  const pss = pem(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey);
  const p256 = pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
  const production = { NODE_ENV: 'production', PUBLIC_URL: 'https://auth.example.com' };

  it.each([
    [{ JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: '' }, 'JWT_SIGNING_KEY: is required when NODE_ENV=production'],
    [{ JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: '' }, 'JWT_SIGNING_KEY: is required when NODE_ENV=production'],
    [{ JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: p256 }, 'JWT_SIGNING_KEY: does not match RS256: an RSA key'],
    [{ JWT_ALGORITHM: 'PS512', JWT_SIGNING_KEY: p256 }, 'JWT_SIGNING_KEY: does not match PS512: an RSA key'],
    [
      { JWT_ALGORITHM: 'ES512', JWT_SIGNING_KEY: p256 },
      'JWT_SIGNING_KEY: does not match ES512: an EC key on secp521r1',
    ],
    [{ JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: rsa }, 'JWT_SIGNING_KEY: does not match ES256'],
    [{ JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: weakRsa }, 'JWT_SIGNING_KEY: is too weak: RS256 needs an RSA key of'],
    [
      { JWT_ALGORITHM: 'PS256', JWT_SIGNING_KEY: pss },
      'JWT_SIGNING_KEY: does not match PS256: an RSA key (rsaEncryption)',
    ],
    [{ JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: 'x'.repeat(64) }, 'JWT_SIGNING_KEY: is not a PEM private key'],
    [{ JWT_ALGORITHM: 'HS256', JWT_SIGNING_KEY: rsa }, 'JWT_SIGNING_KEY: is a PEM key but HS256 needs an HMAC secret'],
    [
      { JWT_ALGORITHM: 'HS384', JWT_SIGNING_KEY: 'x'.repeat(47) },
      'JWT_SIGNING_KEY: is too short: HS384 needs at least 48',
    ],
    [
      { JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: p256, JWT_VERIFYING_KEYS: JSON.stringify({ old: rsa }) },
      'JWT_VERIFYING_KEYS["old"]: does not match ES256',
    ],
    [
      { JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: rsa, JWT_VERIFYING_KEYS: JSON.stringify({ old: 'not a key' }) },
      'JWT_VERIFYING_KEYS["old"]: is not a PEM public or private key',
    ],
    [{ JWT_VERIFYING_KEYS: JSON.stringify({ 'a/../b': 'k'.repeat(64) }) }, 'JWT_VERIFYING_KEYS: kid "a/../b" must be'],
    [{ JWT_VERIFYING_KEYS: JSON.stringify({ old: 'short' }) }, 'JWT_VERIFYING_KEYS["old"]: is too short'],
  ])('%j', (env, message) => {
    expect(problem({ ...production, ...env })).toContain(message);
  });

  it('accepts a matching key, and a retired key given as its public PEM', () => {
    const publicPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(
      problem({
        ...production,
        JWT_ALGORITHM: 'ES256',
        JWT_SIGNING_KEY: p256,
        JWT_VERIFYING_KEYS: JSON.stringify({ old: publicPem }),
      }),
    ).toBe('ok');
    expect(problem({ ...production, JWT_ALGORITHM: 'PS384', JWT_SIGNING_KEY: rsa })).toBe('ok');
  });
});
