import { ApiKit, createStaff } from '../../support/api-kit';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';

/** Answers that concern one account must never sit in a browser's or a proxy's cache. */
describe.each(databaseTargets())('Cache-Control: no-store on private answers on $name', (target) => {
  const app = useTestApp(target);
  const kit = new ApiKit(() => app, 'cache-e2e/1.0');

  it('marks every /api/me* and admin answer no-store, errors included', async () => {
    const staff = await kit.accessOf(await createStaff(app, 'cache-admin'));
    const user = await kit.newAccount('cache');
    const access = await kit.accessOf(user);
    const cases: Array<[string, string | undefined, number]> = [
      ['/api/me', access, 200],
      ['/api/me/profile', access, 200],
      ['/api/me/sessions', access, 200],
      ['/api/admin/users', staff, 200],
      [`/api/admin/users/${user.id}`, staff, 200],
      ['/api/admin/audit', staff, 200],
      ['/api/admin/users/999999', staff, 404],
      ['/api/me', undefined, 401],
      ['/api/admin/users', undefined, 401],
    ];
    for (const [path, token, status] of cases) {
      const answer = await kit.call('get', path, token).expect(status);
      expect([path, answer.headers['cache-control']]).toEqual([path, 'no-store']);
    }
  });

  it('marks any answer to a request that carried a bearer token no-store, a public and cacheable route too', async () => {
    const access = await kit.accessOf(await kit.newAccount('bearer'));
    const keys = await kit.call('get', '/.well-known/jwks.json', access).expect(200);
    expect(keys.headers['cache-control']).toBe('no-store');
    const health = await kit.call('get', '/health/live', access).expect(200);
    expect(health.headers['cache-control']).toBe('no-store');
    // Without a token the public key set stays cacheable.
    const anonymous = await kit.call('get', '/.well-known/jwks.json').expect(200);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=300');
  });
});
