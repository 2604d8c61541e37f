import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Account, ApiKit, createStaff } from '../../support/api-kit';
import { Page } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { createTestApp, TestApp, useTestApp } from '../../support/test-app';

const BAD_DATE = ['Enter a valid date/time in ISO 8601 format.'];

beforeAll(() => {
  execFileSync(process.execPath, [join(__dirname, '../../../scripts/build-console.js')], { stdio: 'inherit' });
});

describe.each(databaseTargets())('the admin console route on $name', (target) => {
  let admin: Account;
  const app = useTestApp(target, {}, async (app) => {
    admin = await createStaff(app);
  });
  const kit = new ApiKit(() => app, 'console-route-e2e/1.0');

  it('serves the page and its files under a CSP that allows only files of this origin', async () => {
    const page = await app.request().get('/admin/').expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<script type="module" src="/admin/main.js"></script>');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-store');
    await app.request().get('/admin').expect(200);

    const script = await app.request().get('/admin/main.js').expect(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toBe(csp);
    const style = await app.request().get('/admin/console.css').expect(200);
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a file it does not ship, and the API keeps its own CSP', async () => {
    for (const path of ['/admin/nope.js', '/admin/..%2Fpackage.json', '/admin/tsconfig.json', '/admin/main.ts']) {
      await app.request().get(path).expect(404, { detail: 'Not found.', code: 'not_found' });
    }
    const api = await app.request().get('/api/me').expect(401);
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
    expect(api.headers['content-security-policy']).not.toContain("script-src 'self'");
  });

  it('is 404 with ADMIN_CONSOLE=false', async () => {
    const off: TestApp = await createTestApp(app.url, { ADMIN_CONSOLE: 'false' });
    try {
      for (const path of ['/admin/', '/admin', '/admin/main.js', '/admin/console.css']) {
        await off.request().get(path).expect(404, { detail: 'Not found.', code: 'not_found' });
      }
    } finally {
      await off.close();
    }
  });

  // The console's audit view filters by a range of days: `until` is the end of that range.
  it('filters the audit log up to `until`, inclusive, alone or with `since`', async () => {
    const access = await kit.accessOf(admin);
    const account = await kit.newAccount('ranged');
    await kit.loginAs(account);
    const get = async (query: string) =>
      (await kit.call('get', `/api/admin/audit?user_id=${account.id}&${query}`, access).expect(200)).body as Page<{
        event: string;
        at: string;
      }>;
    const [login] = (await get('event=login')).results;

    expect((await get(`until=${encodeURIComponent(login.at)}&event=login`)).count).toBe(1);
    expect((await get(`since=${encodeURIComponent(login.at)}&until=${encodeURIComponent(login.at)}`)).results).toEqual([
      expect.objectContaining({ event: 'login', at: login.at }),
    ]);
    const before = new Date(Date.parse(login.at) - 1).toISOString();
    expect((await get(`until=${encodeURIComponent(before)}&event=login`)).count).toBe(0);
    expect((await get(`since=2000-01-01&until=2000-12-31T23:59:59Z`)).count).toBe(0);
    expect((await get('until=')).count).toBeGreaterThan(0);

    for (const until of ['tomorrow', '2026-02-30']) {
      await kit.call('get', `/api/admin/audit?until=${until}`, access).expect(400, { until: BAD_DATE });
    }
  });
});
