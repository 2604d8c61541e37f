import { useTestApp } from '../../support/test-app';
import { databaseTargets } from '../../support/databases';
import { buildOnce, runNode } from '../../support/processes';

const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };

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
    [{ NODE_ENV: 'production', JWT_SIGNING_KEY: '' }, 'JWT_SIGNING_KEY: is required when NODE_ENV=production'],
    [
      { NODE_ENV: 'production', JWT_SIGNING_KEY: 'x'.repeat(31) },
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
