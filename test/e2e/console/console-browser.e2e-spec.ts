import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createUser } from '../../factories/users.factory';
import { Account, ApiKit, createStaff } from '../../support/api-kit';
import { cspViolations, useChromium, watch } from '../../support/browser';
import { Page as ApiPage, PASSWORD, UserBody } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { listen } from '../../support/raw-http';
import { TestApp, useTestApp } from '../../support/test-app';
import { Pair } from '../../support/tokens';

const ROOT = join(__dirname, '../../..');
/** Git-ignored: the views as a person sees them, kept as test artifacts. */
const SCREENSHOTS = join(ROOT, 'reports', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NOT_STAFF = 'This console needs a staff account.';
const USER_AGENT = 'console-browser-e2e/1.0';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** The console turns these answers into messages, which the tests check. */
const HANDLED_STATUSES = [400, 401, 403, 404, 409, 429, 503];

/** The `id` or the text of the element that has the keyboard focus. */
const focusedId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');
const focusedText = (page: Page) => page.evaluate<string>('document.activeElement?.innerText ?? ""');

async function serious(page: Page): Promise<string[]> {
  // Runtime.evaluate is not subject to the page's CSP, so axe needs no relaxed policy.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>('axe.run().then((result) => result.violations)');
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.help}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** A user the tests sign in as, with the suite's one password. */
async function account(app: TestApp, username: string): Promise<Account> {
  return { id: (await createUser(app, { username, password: PASSWORD })).id, username, password: PASSWORD };
}

describe('the admin console in headless Chromium', () => {
  const app = useTestApp(databaseTargets()[0]);
  const browser = useChromium({ width: 1280, height: 900 });
  let base: string;
  let admin: Account;
  let carol: Account;
  let dave: Account;
  const kit = new ApiKit(() => app, USER_AGENT);

  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-console.js')], { stdio: 'inherit' });
    mkdirSync(SCREENSHOTS, { recursive: true });
    base = `http://127.0.0.1:${await listen(app)}`;
    admin = await createStaff(app);
    carol = await account(app, 'carol');
    dave = await account(app, 'dave');
    for (let n = 1; n <= 22; n++)
      await createUser(app, { username: `user-${String(n).padStart(2, '0')}`, password: PASSWORD });
    page = await browser.context.newPage();
    problems = watch(page, HANDLED_STATUSES);
  });

  afterEach(async () => {
    expect(problems).toEqual([]);
    if (!page.isClosed()) expect(await cspViolations(page)).toEqual([]);
  });

  const menu = (name: string) =>
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true });

  async function check(view: string): Promise<void> {
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${view}.png`), fullPage: true });
  }

  async function signIn(on: Page, account: Account): Promise<void> {
    await on.getByLabel('Username').fill(account.username);
    await on.getByLabel('Password').fill(account.password);
    await on.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The user's live sessions opened in the browser (the suite's own API logins left out). */
  const sessionsOf = async (userId: number): Promise<Array<{ id: string; user_agent: string }>> => {
    const access = await kit.accessOf(admin);
    const sessions = (await kit.call('get', `/api/admin/users/${userId}/sessions`, access).expect(200)).body as Array<{
      id: string;
      user_agent: string;
    }>;
    return sessions.filter((session) => session.user_agent !== USER_AGENT);
  };

  it('signs a staff member in; the access token stays in memory, the refresh token in an HttpOnly cookie', async () => {
    await page.goto(`${base}/admin/`);
    await expect(page.getByRole('heading', { name: 'Sign in to the admin console' }).isVisible()).resolves.toBe(true);
    await check('sign-in');
    await signIn(page, admin);

    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Users' }).waitFor();
    await nav.getByRole('link', { name: 'Audit log' }).waitFor();
    await nav.getByRole('link', { name: 'My sessions' }).waitFor();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    // Newest first, a row per user, headed by the username.
    await page.getByRole('row', { name: /^user-22\b/ }).waitFor();
    expect(await page.getByRole('rowheader').allInnerTexts()).toEqual(
      Array.from({ length: 20 }, (_, n) => `user-${String(22 - n).padStart(2, '0')}`),
    );

    expect(await page.evaluate('[localStorage.length, sessionStorage.length]')).toEqual([0, 0]);
    const cookies = await browser.context.cookies(`${base}/api/token/refresh/`);
    expect(cookies.map(({ name, httpOnly, path }) => ({ name, httpOnly, path }))).toEqual([
      { name: 'refresh_token', httpOnly: true, path: '/api/token' },
    ]);
    expect(await page.evaluate('document.cookie')).toBe('');
    await check('users');
  });

  it('pages through the users and finds one by search', async () => {
    const pager = page.getByRole('navigation', { name: 'Pages of users' });
    await pager.getByText('Page 1 of 2 (25 in all)').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(20);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('Page 2 of 2 (25 in all)').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(5);

    await page.getByLabel('Search users').fill('car');
    await page.getByLabel('Search users').press('Enter');
    await page.getByText('Users matching “car”').waitFor();
    expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^carol\b/)]);
  });

  it('opens a user and revokes one session (the API then refuses its refresh token), then all of them', async () => {
    const first: Pair = await kit.loginAs(carol, 'first-device/1.0');
    const second: Pair = await kit.loginAs(carol, 'second-device/2.0');
    await page.getByRole('link', { name: 'carol' }).click();
    await page.getByRole('heading', { name: 'carol', level: 1 }).waitFor();
    const sessions = page.getByRole('table', { name: 'Live sessions of carol' });
    await sessions.getByRole('row', { name: /first-device/ }).waitFor();
    expect(await sessions.locator('tbody tr').count()).toBe(2);
    await check('user');

    await sessions
      .getByRole('row', { name: /first-device/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByText('Session revoked.').waitFor();
    expect(await sessions.locator('tbody tr').count()).toBe(1);
    await kit.refresh(first.refresh).expect(401);
    await app.request().post('/api/token/verify/').send({ token: second.refresh }).expect(200);

    await page.getByRole('button', { name: 'Revoke all sessions' }).click();
    await page.getByText('1 session revoked.').waitFor();
    await page.getByText('No live sessions.').waitFor();
    await kit.refresh(second.refresh).expect(401);
    expect(await sessionsOf(carol.id)).toEqual([]);
    // The user's audit events on the same page show the revocations.
    await page
      .getByRole('table', { name: 'Latest audit events of carol' })
      .getByText('session_revoked')
      .first()
      .waitFor();
  });

  it('creates a user, showing the field error beside its field first', async () => {
    await menu('Users').click();
    await page.getByRole('heading', { name: 'Create a user' }).waitFor();
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByLabel('Username').fill('carol');
    await form.getByLabel('Password').fill('another-long-passphrase');
    await form.getByRole('button', { name: 'Create user' }).click();

    const username = form.getByLabel('Username');
    await form.getByText('A user with that username already exists.').waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await username.getAttribute('aria-describedby')}`).innerText()).toBe(
      'A user with that username already exists.',
    );
    await check('create-user-error');

    await username.fill('erin');
    await form.getByLabel('Email').fill('erin@example.com');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: 'erin', level: 1 }).waitFor();
    await page.getByText('User erin created.').waitFor();
    const found = (await kit.call('get', '/api/admin/users?search=erin', await kit.accessOf(admin)).expect(200))
      .body as ApiPage<UserBody>;
    expect(found.results.map((user) => [user.username, user.email])).toEqual([['erin', 'erin@example.com']]);
  });

  it("edits a user's scopes", async () => {
    const form = page.getByRole('form', { name: 'Edit' });
    await form.getByLabel('Scopes (separated by spaces)').fill('read:messages write:messages');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    await page.getByRole('definition').getByText('read:messages write:messages').waitFor();
    const erin = (await kit.call('get', '/api/admin/users?search=erin', await kit.accessOf(admin)).expect(200)).body
      .results[0] as UserBody;
    expect(erin.scopes).toEqual(['read:messages', 'write:messages']);
  });

  it('deletes a user after confirmation', async () => {
    const erin = (await kit.call('get', '/api/admin/users?search=erin', await kit.accessOf(admin)).expect(200)).body
      .results[0] as UserBody;
    await page.getByRole('button', { name: 'Delete user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete erin?' });
    await dialog.waitFor();
    await check('delete-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await app
      .request()
      .get(`/api/admin/users/${erin.id}`)
      .set('Authorization', `Bearer ${await kit.accessOf(admin)}`)
      .expect(200);

    await page.getByRole('button', { name: 'Delete user' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('User erin deleted.').waitFor();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await kit.call('get', `/api/admin/users/${erin.id}`, await kit.accessOf(admin)).expect(404);
  });

  it('shows a 409 last_staff answer as a message', async () => {
    await page.getByLabel('Search users').fill('admin');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'admin', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit' });
    await form.getByLabel('Staff').uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('The last active staff account cannot be removed.').waitFor();
    expect(
      (await kit.call('get', `/api/admin/users/${admin.id}`, await kit.accessOf(admin)).expect(200)).body.is_staff,
    ).toBe(true);
  });

  it('filters the audit log by user, event and date range', async () => {
    await menu('Audit log').click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await check('audit');
    const today = new Date().toISOString().slice(0, 10);
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('User ID').fill(String(carol.id));
    await filters.getByLabel('Event').selectOption('session_revoked');
    await filters.getByLabel('From (UTC)').fill(today);
    await filters.getByLabel('To (UTC)').fill(today);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/#\/audit\?/);

    const events = page.getByRole('table', { name: 'Audit events, newest first' });
    await events.waitFor();
    const rows = await events.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(new RegExp(`session_revoked\\s+#${carol.id}\\b`));

    await filters.getByLabel('From (UTC)').fill('2001-01-01');
    await filters.getByLabel('To (UTC)').fill('2001-12-31');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No events.').waitFor();
  });

  it("lists the admin's own sessions", async () => {
    await menu('My sessions').click();
    await page.getByRole('heading', { name: 'My sessions', level: 1 }).waitFor();
    await page.getByRole('row', { name: /this session/ }).waitFor();
    await check('my-sessions');
  });

  it('lands on the sign-in form when the session is revoked elsewhere', async () => {
    const access = await kit.accessOf(admin);
    await kit.call('delete', `/api/admin/users/${admin.id}/sessions`, access).expect(200);
    await menu('Users').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session has ended (signed out or revoked elsewhere). Sign in again.').waitFor();
  });

  it('signs out cleanly: the session ends on the server and the cookie is gone', async () => {
    await signIn(page, admin);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await sessionsOf(admin.id)).toHaveLength(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await browser.context.cookies(`${base}/api/token/refresh/`)).toEqual([]);
    expect(await sessionsOf(admin.id)).toEqual([]);
    // A reload finds no session to pick up.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('shows a non-staff account only that it needs a staff account', async () => {
    await signIn(page, dave);
    await page.getByText(NOT_STAFF).waitFor();
    expect((await page.locator('body').innerText()).trim()).toBe(NOT_STAFF);
    expect(await page.getByRole('navigation').count()).toBe(0);
    // The session it opened was ended at once.
    expect(await sessionsOf(dave.id)).toEqual([]);
    await check('not-staff');
  });

  it('reads a locked account (429) as a message with the wait', async () => {
    const frank = await kit.newAccount('frank', { isStaff: true });
    for (let attempt = 0; attempt < 5; attempt++) await kit.tryLogin(frank.username, 'wrong-password');
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Username').fill(frank.username);
    await page.getByLabel('Password').fill(frank.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/^Too many attempts\. Try again in \d+ seconds?\.$/).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('signs in and moves between views with the keyboard alone', async () => {
    await page.goto(`${base}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await focusedId(page)).toBe('sign-in-username');
    await page.keyboard.type(admin.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    // Focus starts on the view's heading; Tab goes back to the top of the page, then through the menu.
    let focused = '';
    for (let step = 0; step < 10 && focused !== 'Audit log'; step++) {
      await page.keyboard.press('Shift+Tab');
      focused = await focusedText(page);
    }
    expect(focused).toBe('Audit log');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await focusedId(page)).toBe('view-heading');
  });

  // A database outage is a 503 from the API; the browser sees only that answer, so it is stood in for here.
  it('reads a 503 as a message, never a blank page', async () => {
    await page.route('**/api/admin/users?*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' }),
      }),
    );
    await menu('Users').click();
    await page.getByRole('heading', { name: 'This page could not be loaded', level: 1 }).waitFor();
    await page
      .getByText('The service is unavailable right now (its database may be down). Try again in a moment.')
      .waitFor();
    await page.unroute('**/api/admin/users?*');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  });
});

describe('the admin console keeps its session alive', () => {
  const app = useTestApp(databaseTargets()[0], { ACCESS_TOKEN_LIFETIME: '2s' }, createStaff);
  const browser = useChromium();
  let base: string;

  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(app)}`;
  });

  it('renews the access token through the cookie before it expires, and keeps working', async () => {
    const page = await browser.context.newPage();
    const problems = watch(page, HANDLED_STATUSES);
    await page.goto(`${base}/admin/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    for (let renewal = 0; renewal < 2; renewal++) {
      const response = await page.waitForResponse((answer) => answer.url().endsWith('/api/token/refresh/'));
      expect(response.status()).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['access']);
    }
    await page.getByRole('link', { name: 'My sessions' }).click();
    await page.getByRole('row', { name: /this session/ }).waitFor();
    expect(problems).toEqual([]);
  });
});
