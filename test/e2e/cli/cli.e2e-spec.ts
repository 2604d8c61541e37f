import { TEST_SIGNING_KEY, useTestApp } from '../../support/test-app';
import { databaseTargets } from '../../support/databases';
import { buildOnce, runNode } from '../../support/processes';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { AuditEvent } from '../../../src/audit/audit-event.entity';
import { User } from '../../../src/users/user.entity';
import { decode } from '../../support/tokens';

const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };
/** Each command boots the application (seconds on a busy machine), and these tests run several. */
const SEVERAL_COMMANDS_MS = 240_000;

describe.each(databaseTargets())('CLI on $name', (target) => {
  beforeAll(() => buildOnce());
  const app = useTestApp(target);
  const cli = (args: string[], stdin = '') => runNode('dist/src/cli.js', args, { DATABASE_URL: app.url }, stdin);

  it('create-user reads the password from standard input; the user can log in', async () => {
    const created = await cli(
      ['create-user', 'dora', '--staff', '--scopes', 'read:messages write:messages'],
      'dora-password-1\n',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^created user dora \(id \d+\)\n$/);

    const pair = await app.api.loginAs({ username: 'dora', password: 'dora-password-1' });
    const me = await app.request().get('/api/me').set('Authorization', `Bearer ${pair.access}`).expect(200);
    expect(me.body).toMatchObject({ username: 'dora', is_staff: true, scopes: ['read:messages', 'write:messages'] });
  });

  it('create-user refuses an existing name with one line and exit 1', async () => {
    await cli(['create-user', 'erin'], 'erin-password-1\n');
    const again = await cli(['create-user', 'erin'], 'another-password\n');
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'error: user erin already exists\n' });
  });

  it('create-user refuses a password over 72 bytes and a short one', async () => {
    const long = await cli(['create-user', 'frank'], `${'é'.repeat(37)}\n`);
    expect(long.code).toBe(1);
    expect(long.stderr).toMatch(/at most 72 bytes/);
    const short = await cli(['create-user', 'frank'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/too short/);
    await app.request().post('/api/token/').send({ username: 'frank', password: 'short' }).expect(401);
  });

  it('create-user applies the username rules of the API, NFKC-normalised, case kept', async () => {
    // e + combining acute is stored as the one precomposed letter.
    const [bad, decomposed] = await Promise.all([
      cli(['create-user', 'bad name<script>'], 'a-fine-password-1\n'),
      cli(['create-user', 'jose\u0301'], 'jose-password-1\n'),
    ]);
    expect(bad).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: invalid user name: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.\n',
    });
    expect(decomposed).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^created user jos\u00e9 \(id \d+\)\n$/),
    });
    // The other spelling is the same user; either logs in; another case is another user.
    const [again, upper] = await Promise.all([
      cli(['create-user', 'jos\u00e9'], 'jose-password-2\n'),
      cli(['create-user', 'JOS\u00c9'], 'jose-password-3\n'),
    ]);
    expect(again).toEqual({ code: 1, stdout: '', stderr: 'error: user jos\u00e9 already exists\n' });
    expect(upper.code).toBe(0);
    await app.api.loginAs({ username: 'jos\u00e9', password: 'jose-password-1' });
    await app.api.loginAs({ username: 'jose\u0301', password: 'jose-password-1' });
  }, 120_000);

  it('create-user refuses a malformed scope as the admin API does', async () => {
    expect(await cli(['create-user', 'kim', '--scopes', 'ok "quoted'], 'kim-password-1\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: scopes: Each scope must be a non-empty string without spaces, quotes or backslashes.\n',
    });
    await app.request().post('/api/token/').send({ username: 'kim', password: 'kim-password-1' }).expect(401);
  });

  it('create-user --inactive makes a user who cannot log in', async () => {
    expect((await cli(['create-user', 'gina', '--inactive'], 'gina-password-1\n')).code).toBe(0);
    await app.request().post('/api/token/').send({ username: 'gina', password: 'gina-password-1' }).expect(401);
  });

  it("set-password changes the password and revokes the user's sessions", async () => {
    await cli(['create-user', 'hank'], 'hank-password-1\n');
    const before = await app.api.loginAs({ username: 'hank', password: 'hank-password-1' });

    const changed = await cli(['set-password', 'hank'], 'hank-password-2\n');
    expect(changed).toEqual({ code: 0, stdout: 'password of hank changed; 1 sessions revoked\n', stderr: '' });

    await app.request().post('/api/token/refresh/').send({ refresh: before.refresh }).expect(401, BLACKLISTED);
    await app.request().post('/api/token/').send({ username: 'hank', password: 'hank-password-1' }).expect(401);
    await app.api.loginAs({ username: 'hank', password: 'hank-password-2' });
  });

  it(
    '--help exits 0 with the usage on standard output; an unknown command is one error line and exit 1',
    async () => {
      const help = await cli(['--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      for (const command of ['create-user', 'set-password', 'update-user', 'revoke-sessions', 'key-ids']) {
        expect(help.stdout).toContain(command);
      }
      const commandHelp = await cli(['update-user', '--help']);
      expect(commandHelp).toMatchObject({ code: 0, stderr: '' });
      expect(commandHelp.stdout).toMatch(/--no-staff/);

      expect(await cli(['frobnicate'])).toEqual({
        code: 1,
        stdout: '',
        stderr: "error: unknown command 'frobnicate'\n",
      });
    },
    SEVERAL_COMMANDS_MS,
  );

  it(
    'update-user changes staff, active and scopes through the admin rules, audited as by cli',
    async () => {
      // Another staff account, so that ivan is never the last one.
      await cli(['create-user', 'keeper', '--staff'], 'keeper-password-1\n');
      await cli(['create-user', 'ivan'], 'ivan-password-1\n');
      const before = await app.api.loginAs({ username: 'ivan', password: 'ivan-password-1' });

      const promoted = await cli(['update-user', 'ivan', '--staff', '--scopes', 'read:messages write:messages']);
      expect(promoted).toEqual({
        code: 0,
        stdout: 'updated user ivan: is_staff=true scopes="read:messages write:messages"\n',
        stderr: '',
      });
      const after = await app.api.loginAs({ username: 'ivan', password: 'ivan-password-1' });
      expect(decode(after.access)).toMatchObject({ is_staff: true, scope: 'read:messages write:messages' });
      await app.request().get('/api/admin/users').set('Authorization', `Bearer ${after.access}`).expect(200);

      expect(await cli(['update-user', 'ivan', '--staff'])).toEqual({
        code: 0,
        stdout: 'user ivan unchanged\n',
        stderr: '',
      });

      const deactivated = await cli(['update-user', 'ivan', '--inactive']);
      expect(deactivated).toEqual({ code: 0, stdout: 'updated user ivan: is_active=false\n', stderr: '' });
      await app.request().post('/api/token/refresh/').send({ refresh: before.refresh }).expect(401, {
        detail: 'No active account found for the given token.',
        code: 'no_active_account',
      });
      await app.request().post('/api/token/').send({ username: 'ivan', password: 'ivan-password-1' }).expect(401);

      expect((await cli(['update-user', 'ivan', '--active', '--no-staff', '--scopes', ''])).stdout).toBe(
        'updated user ivan: is_staff=false is_active=true scopes=""\n',
      );
      const plain = await app.api.loginAs({ username: 'ivan', password: 'ivan-password-1' });
      expect(decode(plain.access)).toMatchObject({ is_staff: false, scope: '' });

      const user = await app.dataSource.getRepository(User).findOneByOrFail({ username: 'ivan' });
      const updates = await app.dataSource
        .getRepository(AuditEvent)
        .find({ where: { userId: user.id, event: 'user_updated' }, order: { id: 'ASC' } });
      expect(updates.map((event) => event.detail)).toEqual([
        { fields: 'is_staff,scope', by: 'cli' },
        { fields: 'is_active', by: 'cli' },
        { fields: 'is_staff,is_active,scope', by: 'cli' },
      ]);
    },
    SEVERAL_COMMANDS_MS,
  );

  it(
    'update-user refuses an unknown user, no change asked and contradicting flags, with one line and exit 1',
    async () => {
      expect(await cli(['update-user', 'nobody', '--staff'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: no user named nobody\n',
      });
      await cli(['create-user', 'jane'], 'jane-password-1\n');
      expect(await cli(['update-user', 'jane'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: nothing to change: give --staff, --no-staff, --active, --inactive or --scopes\n',
      });
      expect(await cli(['update-user', 'jane', '--active', '--inactive'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: --active and --inactive contradict each other\n',
      });
      expect(await cli(['update-user', 'jane', '--scopes', 'a "b'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: scopes: Each scope must be a non-empty string without spaces, quotes or backslashes.\n',
      });
    },
    SEVERAL_COMMANDS_MS,
  );

  it('set-password of an unknown user is one line and exit 1', async () => {
    expect(await cli(['set-password', 'nobody'], 'whatever-123\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no user named nobody\n',
    });
  });
});

describe('boot refuses unsafe or broken configuration with one line and exit 1', () => {
  beforeAll(() => buildOnce());

  const boot = (env: Record<string, string>) => runNode('dist/src/main.js', [], { PORT: '0', ...env });

  it.each([
    [
      { NODE_ENV: 'production', PUBLIC_URL: 'https://auth.example.com', JWT_SIGNING_KEY: '' },
      'JWT_SIGNING_KEY: is required when NODE_ENV=production',
    ],
    [
      { NODE_ENV: 'production', PUBLIC_URL: 'https://auth.example.com', JWT_SIGNING_KEY: 'x'.repeat(31) },
      'JWT_SIGNING_KEY: is too short: HS256 needs at least 32 bytes',
    ],
    [{ JWT_ALGORITHM: 'none' }, 'JWT_ALGORITHM: must be one of'],
    [{ ACCESS_TOKEN_LIFETIME: '5 minutes' }, 'ACCESS_TOKEN_LIFETIME: must be a duration'],
    [{ DATABASE_URL: 'postgres://localhost/db' }, 'DATABASE_URL: must start with'],
    [{ JWT_ALGORITHM: 'ES256' }, 'JWT_SIGNING_KEY: is not a PEM private key'],
  ])('%j', async (env, message) => {
    const result = await boot(env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('gives up on an unreachable database after DB_CONNECT_TIMEOUT, naming DATABASE_URL', async () => {
    const result = await boot({ DATABASE_URL: 'mysql://user:pass@127.0.0.1:9/db', DB_CONNECT_TIMEOUT: '2s' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toMatch(
      /^DATABASE_URL: database unreachable after DB_CONNECT_TIMEOUT=2s/,
    );
  });
});

describe('key-ids prints the kid of each key, as tokens and the JWKS carry it', () => {
  const [sqlite] = databaseTargets();
  const pem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
    key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const retired = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env = {
    JWT_ALGORITHM: 'RS256',
    JWT_SIGNING_KEY: pem(signing.privateKey),
    JWT_VERIFYING_KEYS: JSON.stringify({ 'old-2025': pem(retired.privateKey) }),
  };
  /** RFC 7638, computed here independently of the service. */
  const thumbprint = (key: typeof signing.publicKey): string => {
    const { e, kty, n } = key.export({ format: 'jwk' });
    return createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
  };

  beforeAll(() => buildOnce());
  const app = useTestApp(sqlite, env);
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runNode('dist/src/cli.js', args, { DATABASE_URL: app.url, ...env, ...extra });

  it(
    'RS256: the RFC 7638 thumbprint of the signing key, and the configured name of a retired key',
    async () => {
      const signingKid = thumbprint(signing.publicKey);
      expect(await cli(['key-ids'])).toEqual({
        code: 0,
        stdout: `signing ${signingKid}\nverifying old-2025 (also accepted: ${thumbprint(retired.publicKey)})\n`,
        stderr: '',
      });
      const jwks = (await app.request().get('/.well-known/jwks.json').expect(200)).body as {
        keys: Array<{ kid: string }>;
      };
      expect(jwks.keys.map((key) => key.kid)).toEqual([signingKid, 'old-2025']);
    },
    SEVERAL_COMMANDS_MS,
  );

  it(
    'HS256: the first 16 hex digits of the SHA-256 of the secret; JWT_SIGNING_KEY_ID instead when set',
    async () => {
      const hmac = { JWT_ALGORITHM: 'HS256', JWT_SIGNING_KEY: TEST_SIGNING_KEY, JWT_VERIFYING_KEYS: '' };
      const derived = createHash('sha256').update(TEST_SIGNING_KEY).digest('hex').slice(0, 16);
      expect(await cli(['key-ids'], hmac)).toEqual({ code: 0, stdout: `signing ${derived}\n`, stderr: '' });
      expect(await cli(['key-ids'], { ...hmac, JWT_SIGNING_KEY_ID: 'key-2026' })).toEqual({
        code: 0,
        stdout: 'signing key-2026\n',
        stderr: '',
      });
    },
    SEVERAL_COMMANDS_MS,
  );
});
