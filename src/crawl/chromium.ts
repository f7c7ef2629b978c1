/** The system Chromium the browser route drives (Debian's `chromium`; Playwright downloads none here). */
import { existsSync } from 'node:fs';

/** Where a system Chromium is looked for (Debian's `chromium`; Playwright downloads none here). */
const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that keep headless Chromium quiet and off any network but the pages it is sent to. */
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

/** The system Chromium (`CHROMIUM_PATH` first), or null when none is installed. */
export function findChromium(): string | null {
  return [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].find((p): p is string => !!p && existsSync(p)) ?? null;
}

