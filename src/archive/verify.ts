/**
 * Raw store hygiene: every capture row's body must be in raw/ and hash to its sha256.
 * Reports what is missing or corrupt; never deletes or rewrites anything.
 */
import type { Archive } from './db.js';
import { RawStoreError } from './raw-store.js';

export interface VerifyProblem {
  sha256: string;
  problem: 'missing' | 'corrupt';
  detail: string;
  /** URLs of the captures that point at this body. */
  urls: string[];
}

export interface VerifyResult {
  captures: number;
  bodies: number;
  problems: VerifyProblem[];
}

/** Checks every distinct body that a capture row points to. */
export async function verifyArchive(archive: Archive): Promise<VerifyResult> {
  const rows = await archive.db.selectFrom('capture').select(['sha256', 'url']).orderBy('id').execute();
  const urlsBySha = new Map<string, string[]>();
  for (const r of rows) {
    const list = urlsBySha.get(r.sha256) ?? [];
    if (!list.includes(r.url)) list.push(r.url);
    urlsBySha.set(r.sha256, list);
  }
  const problems: VerifyProblem[] = [];
  for (const [sha256, urls] of urlsBySha) {
    try {
      await archive.raw.get(sha256);
    } catch (err) {
      if (!(err instanceof RawStoreError)) throw err;
      problems.push({ sha256, problem: err.problem, detail: err.message, urls });
    }
  }
  return { captures: rows.length, bodies: urlsBySha.size, problems };
}
