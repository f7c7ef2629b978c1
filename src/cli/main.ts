#!/usr/bin/env node
/** The `wenzheng` command line. Each command lives in its own file; exit codes in exit.ts. */
import { Command, CommanderError } from 'commander';
import { DEFAULT_DB } from '../archive/paths.js';
import { jsonStderr, setLogFormat, type LogFormat } from '../crawl/log.js';
import { errorLine, finishRun } from './exit.js';
import { registerBoards } from './boards.js';
import { registerCopy } from './copy.js';
import { registerCrawl } from './crawl.js';
import { registerDemo } from './demo.js';
import { registerExtract } from './extract.js';
import { registerSnapshot } from './snapshot.js';
import { registerOverdue } from './overdue.js';
import { registerReextract } from './reextract.js';
import { registerServe } from './serve.js';
import { registerSimulate } from './simulate.js';
import { registerSources } from './sources.js';
import { registerStats } from './stats.js';

export function buildProgram(): Command {
  const program = new Command('wenzheng')
    .description('scrape and archive Chinese government 问政 boards; publish open-data snapshots')
    .version('0.1.0')
    .option(
      '--db <path or postgres://user[:password]@host[:port]/db>',
      'the archive: a SQLite file (raw bodies, lock and crawl state live beside it) or a PostgreSQL database (holds the raw bodies too; many crawl workers may share it)',
      DEFAULT_DB,
    )
    .option('--log-format <format>', 'text or json log lines on stderr', 'text')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str) => errorLine(str.replace(/^error: /, '').trim()) })
    .hook('preAction', (cmd) => {
      const fmt = cmd.optsWithGlobals().logFormat as string;
      if (fmt !== 'text' && fmt !== 'json') {
        process.stderr.write(`wenzheng: --log-format ${fmt}: expected text or json\n`);
        process.exit(2);
      }
      useLogFormat(fmt);
    });
  registerSources(program);
  registerExtract(program);
  registerCrawl(program);
  registerBoards(program);
  registerStats(program);
  registerSnapshot(program);
  registerOverdue(program);
  registerReextract(program);
  registerServe(program);
  registerSimulate(program);
  registerCopy(program);
  registerDemo(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** `--log-format json` from the raw arguments: usage errors are reported before options are parsed. */
function earlyLogFormat(argv: string[]): void {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  if (i < 0) return;
  const value = argv[i]!.includes('=') ? argv[i]!.slice('--log-format='.length) : argv[i + 1];
  if (value === 'json') useLogFormat('json');
}

/** Sets the log format; with JSON every later stderr line is made JSON (`jsonStderr`). */
function useLogFormat(format: LogFormat): void {
  setLogFormat(format);
  if (format === 'json') jsonStderr(process.stderr);
}

/**
 * A reader that goes away (`wenzheng stats | head -1`) ends our output, not the run: later
 * writes to that stream are dropped, the command finishes its work (a snapshot is still
 * completed) and exits with its own code, with no stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    (stream as { write: unknown }).write = (_chunk: unknown, ...rest: unknown[]) => {
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    };
  });
}

async function main(): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  earlyLogFormat(process.argv.slice(2));
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      process.exitCode = ok ? 0 : 2;
      if (!ok) finishRun(process.argv[2] ?? 'wenzheng', 2, err.message.replace(/^error: /, ''));
      return;
    }
    throw err;
  }
}

await main();
