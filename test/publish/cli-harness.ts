/**
 * Runs a `wenzheng` command in-process: a program with the global --db option and the
 * command registered as main.ts does, stderr captured, the exit code read from process.exitCode.
 */
import { Command } from 'commander';
import { registerSnapshot } from '../../src/cli/snapshot.js';
import { registerStats } from '../../src/cli/stats.js';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** `wenzheng --db <db> snapshot ...args` (or `stats` when the first arg is 'stats'). */
export async function runCommand(db: string, ...args: string[]): Promise<CommandResult> {
  const command = args[0] === 'stats' ? args.shift()! : 'snapshot';
  const program = new Command('wenzheng').option('--db <path>').exitOverride();
  registerSnapshot(program);
  registerStats(program);
  const out: string[] = [];
  const err: string[] = [];
  const write = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'wenzheng', '--db', db, command, ...args]);
    return { status: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    [process.stdout.write, process.stderr.write] = write as [typeof process.stdout.write, typeof process.stderr.write];
    process.exitCode = before;
  }
}
