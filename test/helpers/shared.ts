/**
 * The shared folder beside the repository (`../shared`): real saved pages and the public
 * contract. Tests read it in place (never copy it into the repo) and skip when it is absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/shared.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A path inside `../shared`, resolved from the repository root. */
export function sharedPath(...parts: string[]): string {
  return path.resolve(repoRoot, '../shared', ...parts);
}

/** Whether `../shared/<parts>` exists; when it does not, says why the caller will skip. */
export function hasShared(...parts: string[]): boolean {
  const p = sharedPath(...parts);
  if (existsSync(p)) return true;
  console.warn(`skipping: ${p} is absent (the shared fixtures live beside the repository)`);
  return false;
}
