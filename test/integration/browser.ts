import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium, which scripts/test-all.sh installs as it provisions the engine: never a downloaded one. */
export const CHROMIUM = process.env.DEVSTACK_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots a person can look at after the run; the folder is ignored by git. */
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/dashboard');

/**
 * Headless Chromium with a fresh profile, and without the background traffic this closed network
 * refuses (updates, sync, QUIC): it talks to 127.0.0.1 only. A missing browser fails loudly here.
 */
export async function launchBrowser(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'devstack-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  let browser: BrowserContext;
  try {
    // A persistent context is how Playwright takes a --user-data-dir of ours: a fresh, empty one.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    throw new Error(`The dashboard tests need Chromium at ${CHROMIUM} (scripts/test-all.sh installs Debian's chromium): ${(error as Error).message}`);
  }
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
