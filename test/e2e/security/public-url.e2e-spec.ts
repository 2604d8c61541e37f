import { Account, ApiKit, createStaff } from '../../support/api-kit';
import { databaseTargets } from '../../support/databases';
import { useTestApps } from '../../support/test-app';

const PUBLIC_URL = 'https://auth.example.com/identity';

/** Every absolute URL the service writes starts with PUBLIC_URL, whatever `Host` a client sends. */
describe.each(databaseTargets())('PUBLIC_URL on $name', (target) => {
  let admin: Account;
  const [app, development] = useTestApps(target, { PUBLIC_URL: `${PUBLIC_URL}/` }, [{}], async (built) => {
    admin = await createStaff(built, 'url-admin');
  });
  const kit = new ApiKit(() => app, 'public-url-e2e');

  it('OAuth metadata: issuer and every endpoint from PUBLIC_URL, never from Host or X-Forwarded-Host', async () => {
    const response = await app
      .request()
      .get('/.well-known/oauth-authorization-server')
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'http')
      .expect(200);
    expect(response.body).toMatchObject({
      issuer: PUBLIC_URL,
      token_endpoint: `${PUBLIC_URL}/oauth/token`,
      revocation_endpoint: `${PUBLIC_URL}/oauth/revoke`,
      introspection_endpoint: `${PUBLIC_URL}/oauth/introspect`,
      jwks_uri: `${PUBLIC_URL}/.well-known/jwks.json`,
    });
    expect(JSON.stringify(response.body)).not.toContain('evil');
  });

  it('admin pagination links from PUBLIC_URL, with the query kept', async () => {
    for (let i = 0; i < 3; i++) await kit.newAccount('paged');
    const access = await kit.accessOf(admin);
    const first = await kit
      .call('get', '/api/admin/users?page_size=2&search=paged', access)
      .set('Host', 'evil.example')
      .expect(200);
    expect(first.body.next).toBe(`${PUBLIC_URL}/api/admin/users?page_size=2&search=paged&page=2`);
    const second = await kit
      .call('get', '/api/admin/users?page_size=2&search=paged&page=2', access)
      .set('Host', 'evil.example')
      .expect(200);
    expect(second.body.previous).toBe(`${PUBLIC_URL}/api/admin/users?page_size=2&search=paged`);
  });

  it('without PUBLIC_URL (development) the request base is used, as before', async () => {
    const response = await development
      .request()
      .get('/.well-known/oauth-authorization-server')
      .set('Host', 'localhost:3999')
      .expect(200);
    expect(response.body.issuer).toBe('http://localhost:3999');
  });
});
