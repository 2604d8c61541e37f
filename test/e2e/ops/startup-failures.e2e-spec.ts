import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { buildOnce, runNode, startNode } from '../../support/processes';

const boot = (env: Record<string, string>) => runNode('dist/src/main.js', [], { PORT: '0', ...env });
const lines = (text: string) => text.trim().split('\n').filter(Boolean);

/** Every line a process wrote to standard output is a JSON object, as the service's logs are. */
function expectJsonLines(stdout: string): Array<Record<string, unknown>> {
  return lines(stdout).map((line) => {
    const parsed: unknown = JSON.parse(line);
    expect(typeof parsed).toBe('object');
    return parsed as Record<string, unknown>;
  });
}

describe('start-up failures end in one line naming the variable and the fix, exit 1', () => {
  let dir: string;
  beforeAll(() => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'token-service-boot-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every wrong variable at once, one line each; the boolean message lists every spelling', async () => {
    const result = await boot({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      ROTATE_REFRESH_TOKENS: 'maybe',
      DATABASE_URL: 'sqlite:/nonexistent-token-service/dir/x.sqlite',
      JWT_SIGNING_KEY: 'too-short',
      NODE_ENV: 'production',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr).sort()).toEqual([
      'Invalid configuration: DATABASE_URL: directory /nonexistent-token-service/dir does not exist: create it or fix the sqlite: path',
      'Invalid configuration: JWT_SIGNING_KEY: is too short: HS256 needs at least 32 bytes',
      'Invalid configuration: LOG_LEVEL: must be one of fatal error warn info debug trace silent',
      expect.stringMatching(/^Invalid configuration: PORT: /),
      'Invalid configuration: PUBLIC_URL: is required when NODE_ENV=production',
      'Invalid configuration: ROTATE_REFRESH_TOKENS: must be one of true false 1 0 yes no',
    ]);
  });

  it('refuses an sqlite: file in a missing directory and creates nothing', async () => {
    const missing = join(dir, 'missing', 'deeper');
    const result = await boot({ DATABASE_URL: `sqlite:${join(missing, 'x.sqlite')}` });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(lines(result.stderr)).toEqual([
      `Invalid configuration: DATABASE_URL: directory ${missing} does not exist: create it or fix the sqlite: path`,
    ]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a malformed MySQL URL before connecting, saying to percent-encode the password', async () => {
    const result = await boot({ DATABASE_URL: 'mysql://tokens:pa#ss@127.0.0.1:3306/tokens' });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(lines(result.stderr)).toEqual([
      'Invalid configuration: DATABASE_URL: is not a valid URL: percent-encode special characters in the user and password (@ as %40, # as %23, / as %2F)',
    ]);
  });

  it('with DB_MIGRATE_ON_START=false on an empty database, says the schema is missing and how to create it', async () => {
    const result = await boot({
      DATABASE_URL: `sqlite:${join(dir, 'empty.sqlite')}`,
      DB_MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
    });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'DB_MIGRATE_ON_START: is false and the schema is missing: run npm run migration:run, or set DB_MIGRATE_ON_START=true',
    ]);
    expect(JSON.stringify(expectJsonLines(result.stdout))).not.toMatch(/QueryFailedError|no such table|\bat /);
  });

  it('npm run migration:run says what it applied, then that nothing was pending; the server then starts', async () => {
    const url = `sqlite:${join(dir, 'migrated.sqlite')}`;
    const first = await runNode('dist/src/migrate.js', [], { DATABASE_URL: url });
    expect(first).toEqual({
      code: 0,
      stdout: 'applied 2 migrations: InitialSchema1764316800000, LoginAttempts1764489600000\n',
      stderr: '',
    });
    expect(await runNode('dist/src/migrate.js', [], { DATABASE_URL: url })).toEqual({
      code: 0,
      stdout: 'no pending migrations: the schema is up to date\n',
      stderr: '',
    });
    const server = startNode('dist/src/main.js', {
      PORT: '0',
      DATABASE_URL: url,
      DB_MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
    });
    try {
      await server.waitFor(/listening on http:\/\/0\.0\.0\.0:\d+/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('a port in use is one line naming PORT, before any start-up is announced', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await boot({
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'port.sqlite')}`,
        LOG_LEVEL: 'info',
      });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        `PORT: 127.0.0.1:${port} is already in use: stop the other process or choose another PORT`,
      ]);
      expect(result.stdout).not.toMatch(/successfully started/);
    } finally {
      taken.close();
    }
  });

  it('boot lines are JSON from the first one, the listening line included', async () => {
    const server = startNode('dist/src/main.js', {
      PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'json.sqlite')}`,
      LOG_LEVEL: 'info',
    });
    try {
      await server.waitFor(/listening on http/);
      const logged = expectJsonLines(server.output());
      expect(logged.map((line) => line.msg)).toEqual(
        expect.arrayContaining(['Nest application successfully started', expect.stringMatching(/^listening on/)]),
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('retries an unreachable database with JSON warnings, then one line naming DATABASE_URL', async () => {
    const result = await boot({
      DATABASE_URL: 'mysql://user:pass@127.0.0.1:9/db',
      DB_CONNECT_TIMEOUT: '2s',
      LOG_LEVEL: 'info',
    });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^DATABASE_URL: database unreachable after DB_CONNECT_TIMEOUT=2s \(.*ECONNREFUSED.*\)$/),
    ]);
    const warnings = expectJsonLines(result.stdout).filter((line) => /retrying/.test(String(line.msg)));
    expect(warnings.length).toBeGreaterThan(0);
  });
});

const MYSQL_URLS = process.env.TEST_MYSQL_URL ? [process.env.TEST_MYSQL_URL] : [];

for (const mysqlUrl of MYSQL_URLS) {
  describe('start-up failures on MySQL/MariaDB fail at once, without retrying', () => {
    beforeAll(() => buildOnce());

    /** A URL like TEST_MYSQL_URL with `change` applied. */
    function variantOf(change: (url: URL) => void): string {
      const url = new URL(mysqlUrl);
      change(url);
      return url.toString();
    }

    it('a wrong password: access denied for the user, check the user and password', async () => {
      const user = decodeURIComponent(new URL(mysqlUrl).username);
      const result = await boot({
        DATABASE_URL: variantOf((url) => (url.password = 'surely-not-the-password')),
        DB_CONNECT_TIMEOUT: '30s',
        LOG_LEVEL: 'info',
      });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        `DATABASE_URL: access denied for user ${user}: check DATABASE_URL's user and password; percent-encode special characters`,
      ]);
      expect(result.stdout).not.toMatch(/retrying/);
    });

    it('an unknown database: says which and how to create it', async () => {
      const name = `tokensvc_absent_${process.pid}`;
      const admin = await createConnection({ uri: mysqlUrl });
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
      const result = await boot({
        DATABASE_URL: variantOf((url) => (url.pathname = `/${name}`)),
        DB_CONNECT_TIMEOUT: '30s',
        LOG_LEVEL: 'info',
      });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        `DATABASE_URL: unknown database ${name}: create it (CREATE DATABASE ${name} CHARACTER SET utf8mb4) or fix the name`,
      ]);
      expect(result.stdout).not.toMatch(/retrying/);
    });
  });
}
