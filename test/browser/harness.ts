// A real browser against a real gateway: playwright-core driving Debian's Chromium
// (/usr/bin/chromium; `npx playwright install` cannot download browsers here), a fresh profile
// per launch, and a screenshot of the page when a test fails (test/browser/screenshots/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

/**
 * Builds the console from the current sources into a directory of its own (not console/dist,
 * which gateways of other test files may be reading at the same time); returns it.
 */
export async function buildConsole(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'mgw-console-'));
  await promisify(execFile)('npm', ['run', '--silent', 'build:console', '--', '--outDir', outDir], {
    cwd: new URL('../../', import.meta.url).pathname,
  });
  return outDir;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'mgw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1360, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Takes a screenshot of `page` if the current test fails. */
export function screenshotOnFailure(page: Page, name: string) {
  onTestFailed(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
  });
}

/**
 * Controls without an accessible name, from Chromium's accessibility tree (Playwright's ARIA
 * snapshot prints a name in quotes after the role; an unnamed control has none).
 */
export async function unnamedControls(scope: Locator): Promise<string[]> {
  const snapshot = await scope.ariaSnapshot();
  return snapshot
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^- (button|textbox|combobox|checkbox|radio|link|searchbox|spinbutton|slider|switch|meter)\b(?! ")/.test(line));
}
