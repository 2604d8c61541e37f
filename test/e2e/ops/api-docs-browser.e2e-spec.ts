import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { databaseTargets } from '../../support/databases';
import { listen } from '../../support/raw-http';
import { createTestApp, TestApp } from '../../support/test-app';

/** Debian's package (`apt-get install chromium`, done by .ci/run): no browser download. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(tmpdir(), 'token-service-api-docs.png');

// What a person sees at /api/docs: the page must render, not merely be served.
describe('Swagger UI in headless Chromium', () => {
  let app: TestApp;
  let port: number;
  let browser: BrowserContext;
  let profile: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const db = await databaseTargets()[0].create();
    drop = db.drop;
    app = await createTestApp(db.url);
    port = await listen(app);
    profile = mkdtempSync(join(tmpdir(), 'token-service-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 1600 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close();
    await drop?.();
  });

  it('lists the token routes, with no script or style refused by the CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`http://127.0.0.1:${port}/api/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.opblock-summary-path', { timeout: 30000 });

    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    const listed = paths.map((path) => path.replace(/\u200b/g, '').trim());
    expect(listed).toEqual(
      expect.arrayContaining(['/api/token', '/api/token/refresh', '/api/token/verify', '/api/token/blacklist']),
    );
    expect(await page.locator('.info .title').innerText()).toContain('token-service');
    // The bearer scheme gives the page its "Authorize" button.
    expect(await page.locator('button.authorize').count()).toBe(1);

    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect(problems).toEqual([]);
  });
});
