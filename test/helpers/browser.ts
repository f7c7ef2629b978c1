/**
 * The system Chromium for browser tests (Debian's `chromium` package; Playwright downloads no
 * browser of its own here). Tests skip, saying why, when none is installed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that keep headless Chromium off the network and quiet on a closed machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of the system Chromium, or null (and a printed reason) when there is none. */
export function findChromium(): string | null {
  const found = CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;
  if (!found) console.warn(`skipping browser tests: no Chromium at ${CANDIDATES.filter(Boolean).join(', ')} (apt-get install chromium)`);
  return found;
}

/** Launches the system Chromium headless with the flags above. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
