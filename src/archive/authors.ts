import { createHash } from 'node:crypto';

/** Author names are never stored in clear: a salted sha256, the salt kept in the archive. */
export function hashAuthor(salt: string, author: string | null | undefined): string | null {
  if (!author) return null;
  return createHash('sha256').update(`${salt}\u0000${author}`).digest('hex').slice(0, 32);
}
