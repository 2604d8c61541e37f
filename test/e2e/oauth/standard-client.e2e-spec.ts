import { generateKeyPairSync } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { runNode } from '../../support/processes';
import { useTestApp } from '../../support/test-app';

const es256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe.each(databaseTargets())('a standard OAuth client against ES256 tokens, on $name', (target) => {
  let base: string;
  const app = useTestApp(target, { JWT_ALGORITHM: 'ES256', JWT_SIGNING_KEY: es256 }, async (app) => {
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    await createUser(app, { ...ALICE, scopes: ['read:messages', 'write:messages'] });
  });

  it('discovers, refreshes, narrows scope, verifies with the remote JWKS, detects reuse and revokes', async () => {
    const { refresh } = await app.api.loginAs(ALICE);
    const run = await runNode(join('test', 'e2e', 'oauth', 'standard-client.mjs'), [base, refresh], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({
      issuer: base,
      tokenEndpoint: `${base}/oauth/token`,
      firstTokenType: 'bearer',
      firstExpiresIn: 300,
      secondScope: 'read:messages',
      header: { alg: 'ES256', typ: 'JWT' },
      payload: { token_type: 'access', name: 'alice', scope: 'read:messages' },
      reuse: 'invalid_grant',
      afterRevocation: 'invalid_grant',
    });
  });
});
