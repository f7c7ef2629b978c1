/**
 * The system Chromium for browser tests (Debian's `chromium` package; Playwright downloads no
 * browser of its own here). Tests skip, saying why, when none is installed.
 */
import { CHROMIUM_ARGS, findChromium as findSystemChromium } from '../../src/crawl/chromium.js';
import { chromium, type Browser } from 'playwright';

export { CHROMIUM_ARGS };

/** Path of the system Chromium (src/crawl/chromium.ts, the one the browser route drives), or null and a printed reason. */
export function findChromium(): string | null {
  const found = findSystemChromium();
  if (!found) console.warn('skipping browser tests: no system Chromium (CHROMIUM_PATH, /usr/lib/chromium/chromium, /usr/bin/chromium; apt-get install chromium)');
  return found;
}

/** Launches the system Chromium headless with the flags above. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
