#!/usr/bin/env node
/** The `wenzheng` command line. Each command lives in its own file; exit codes in exit.ts. */
import { Command, CommanderError } from 'commander';
import { DEFAULT_DB } from '../archive/paths.js';
import { setLogFormat } from '../crawl/log.js';
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
    .configureOutput({ outputError: (str, write) => write(`wenzheng: ${str.replace(/^error: /, '')}`) })
    .hook('preAction', (cmd) => {
      const fmt = cmd.optsWithGlobals().logFormat as string;
      if (fmt !== 'text' && fmt !== 'json') {
        process.stderr.write(`wenzheng: --log-format ${fmt}: expected text or json\n`);
        process.exit(2);
      }
      setLogFormat(fmt);
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

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const ok = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      process.exitCode = ok ? 0 : 2;
      return;
    }
    throw err;
  }
}

await main();
