import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

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

/** Runs in every page before its own scripts; the test's code has no DOM types, hence a string. */
const RECORD_CSP_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    window.cspViolations.push(event.violatedDirective + ': ' + event.blockedURI));
`;

export interface Chromium {
  context: BrowserContext;
  /** Closes the browser and removes its throwaway profile. */
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile, recording CSP violations in every page. */
export async function launchChromium(viewport?: { width: number; height: number }): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'token-service-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      ...(viewport ? { viewport } : {}),
    });
    await context.addInitScript(RECORD_CSP_VIOLATIONS);
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Records what would show a person or a developer that something broke: script errors, console
 * errors and unexpected dialogs. The browser's own line for an HTTP error answer with one of
 * `expectedStatuses` ("Failed to load resource: ... status of 401") is left out, for pages that
 * expect those answers and turn them into messages.
 */
export function watch(page: Page, expectedStatuses: number[] = []): string[] {
  const problems: string[] = [];
  const expected = new RegExp(
    `^Failed to load resource: the server responded with a status of (${expectedStatuses.join('|')})\\b`,
  );
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (expectedStatuses.length > 0 && expected.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => problems.push(`unexpected dialog: ${dialog.message()}`));
  return problems;
}

/** Violations reported through the DOM event too, whatever the console says about them. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.cspViolations ?? []');
}

/**
 * Registers beforeAll/afterAll launching one Chromium for the suite and closing it after; the
 * result stands for the browser from the suite's body on, before it is launched.
 */
export function useChromium(viewport?: { width: number; height: number }): { readonly context: BrowserContext } {
  let launched: Chromium | undefined;
  beforeAll(async () => {
    launched = await launchChromium(viewport);
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get context(): BrowserContext {
      if (!launched) throw new Error('useChromium: the browser is launched in beforeAll, and was used before that ran');
      return launched.context;
    },
  };
}
