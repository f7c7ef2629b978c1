/**
 * The one place that maps errors to exit codes (CONTRACT.md section 3):
 * 0 done; 1 failed; 2 bad usage or bad input; 3 some pages failed; 4 blocked; 5 locked.
 * With `--log-format json` it also ends every command with one JSON "run finished" line on
 * stderr: the command, its exit code, how long it took and the counts the command reported.
 */
import { Command } from 'commander';
import { UsageError } from '../crawl/origins.js';
import { jsonLine, logFormat } from '../crawl/log.js';
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

let runFacts: Record<string, unknown> = {};
const runStarted = Date.now();

/** Counts a command reports for its run (the crawl's requests, new messages, failures ...). */
export function reportRunFacts(facts: Record<string, unknown>): void {
  runFacts = { ...runFacts, ...facts };
}

/** Writes the JSON "run finished" line (only with --log-format json): the last line of a run. */
export function finishRun(command: string, exitCode: number, error?: string): void {
  if (logFormat() !== 'json') return;
  const fields = { event: 'run finished', command, exitCode, durationMs: Date.now() - runStarted, ...(error ? { error } : {}), ...runFacts };
  process.stderr.write(jsonLine(exitCode === 0 ? 'info' : 'error', 'run', 'run finished', fields));
}

/** One error line on stderr: `wenzheng: <message>`, or a JSON line with --log-format json. */
export function errorLine(message: string): void {
  if (logFormat() === 'json') process.stderr.write(jsonLine('error', 'cli', message));
  else process.stderr.write(`wenzheng: ${message}\n`);
}

/** Runs a command action, printing one clear line on stderr and setting the exit code on failure. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args.findLast((a): a is Command => a instanceof Command);
    const name = cmd?.name() ?? 'wenzheng';
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
      finishRun(name, code ?? 0);
    } catch (err) {
      const code = exitCodeFor(err);
      const msg = err instanceof Error ? err.message : String(err);
      errorLine(msg);
      if (code === 1 && process.env.WENZHENG_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = code;
      finishRun(name, code, msg);
    }
  };
}
