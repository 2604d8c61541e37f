import { generateKeyPairSync } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildOnce, runNode } from '../../support/processes';

const pem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The whole matrix of key checks is unit-tested in settings.spec.ts; here, what a boot prints. */
describe('production boot refuses unsafe keys, and gives up on a database that never answers', () => {
  const rsa = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const p256 = pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
  const production = { NODE_ENV: 'production', PORT: '0' };

  beforeAll(() => buildOnce());

  it('refuses mismatched RS/ES keys, signing or retired, and a missing or bad PUBLIC_URL, with one line naming the variable and exit 1', async () => {
    const hmac = { JWT_SIGNING_KEY: 'k'.repeat(64) };
    // Every other variable right, so that each case is one wrong variable and one line.
    const site = { PUBLIC_URL: 'https://auth.example.com' };
    const cases: Array<[Record<string, string>, string]> = [
      [hmac, 'PUBLIC_URL: is required when NODE_ENV=production'],
      [{ ...hmac, PUBLIC_URL: 'https://auth.example.com/?from=env' }, 'PUBLIC_URL: must be an absolute http(s) URL'],
      [{ ...site, JWT_ALGORITHM: 'RS256', JWT_SIGNING_KEY: p256 }, 'JWT_SIGNING_KEY: does not match RS256'],
      [
        { ...site, JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: p256, JWT_VERIFYING_KEYS: JSON.stringify({ old: rsa }) },
        'JWT_VERIFYING_KEYS["old"]: does not match ES256',
      ],
    ];
    // In parallel: each boot spends its time loading the compiled service, not checking keys.
    const results = await Promise.all(cases.map(([env]) => runNode('dist/src/main.js', [], { ...production, ...env })));
    results.forEach((result, i) => {
      expect({ code: result.code, lines: result.stderr.trim().split('\n') }).toEqual({
        code: 1,
        lines: [expect.stringContaining(cases[i][1])],
      });
    });
  });

  it('gives up after DB_CONNECT_TIMEOUT on a database that accepts connections and never answers', async () => {
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const result = await runNode('dist/src/main.js', [], {
        PORT: '0',
        DATABASE_URL: `mysql://user:pass@127.0.0.1:${port}/db`,
        DB_CONNECT_TIMEOUT: '2s',
      });
      const seconds = (Date.now() - started) / 1000;
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n').pop()).toMatch(
        /^DATABASE_URL: database unreachable after DB_CONNECT_TIMEOUT=2s/,
      );
      // The configured time, plus one attempt under way and the start of the process itself.
      expect(seconds).toBeLessThan(2 + 3 + 3 + 5);
      process.stdout.write(
        `\nboot against a silent database gave up after ${seconds.toFixed(1)} s (DB_CONNECT_TIMEOUT=2s)\n`,
      );
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });
});
