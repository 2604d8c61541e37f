import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cspViolations, useChromium, watch } from '../../support/browser';
import { databaseTargets } from '../../support/databases';
import { listen } from '../../support/raw-http';
import { useTestApp } from '../../support/test-app';

const SCREENSHOT = join(tmpdir(), 'token-service-api-docs.png');

// What a person sees at /api/docs: the page must render, not merely be served.
describe('Swagger UI in headless Chromium', () => {
  const app = useTestApp(databaseTargets()[0]);
  const browser = useChromium({ width: 1280, height: 1600 });
  let port: number;

  beforeAll(async () => {
    port = await listen(app);
  });

  it('lists the token routes, with no script or style refused by the CSP', async () => {
    const page = await browser.context.newPage();
    const problems = watch(page);

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
    expect(await cspViolations(page)).toEqual([]);
  });
});
