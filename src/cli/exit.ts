/**
 * The one place that maps errors to exit codes (CONTRACT.md section 3):
 * 0 done; 1 failed; 2 bad usage or bad input; 3 some pages failed; 4 blocked; 5 locked.
 */
import { UsageError } from '../crawl/origins.js';
import { ParseError } from '../extract/errors.js';

export { UsageError };

/** Bad input named by the user (a file, a date, a folder): exit 2. */
export class InputError extends Error {
  override name = 'InputError';
}

export function exitCodeFor(err: unknown): number {
  // By name: the archive and lock modules are loaded only by the commands that need them.
  const name = (err as Error | undefined)?.name;
  if (err instanceof UsageError || err instanceof InputError || err instanceof ParseError || name === 'ArchiveError' || name === 'SnapshotInputError') return 2;
  if (name === 'LockHeldError') return 5;
  return 1;
}

/** Runs a command action, printing one clear line on stderr and setting the exit code on failure. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (err) {
      const code = exitCodeFor(err);
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`wenzheng: ${msg}\n`);
      if (code === 1 && process.env.WENZHENG_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = code;
    }
  };
}
