/** `wenzheng copy --from <db> --to <db>`: moves an archive between SQLite and PostgreSQL, raw bodies included. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { isPostgresUrl } from '../archive/paths.js';
import { action, InputError, UsageError } from './exit.js';

interface CopyFlags {
  from?: string;
  to?: string;
  format: string;
}

export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description('copy a whole archive (rows with their ids, raw bodies) into a new, empty one: SQLite to PostgreSQL or back')
    .option('--from <db>', 'the archive to copy: a SQLite file or postgres://user[:password]@host[:port]/db')
    .option('--to <db>', 'the new archive: a SQLite file (created) or an empty PostgreSQL database')
    .option('--format <format>', 'report as text or json', 'text')
    .action(
      action(async (flags: CopyFlags) => {
        if (!flags.from || !flags.to) throw new UsageError('copy needs --from <db> and --to <db>');
        if (!['text', 'json'].includes(flags.format)) throw new UsageError(`--format ${flags.format}: expected text or json`);
        if (flags.from === flags.to) throw new UsageError('--from and --to name the same archive');
        if (!isPostgresUrl(flags.from) && !existsSync(flags.from)) throw new InputError(`no archive at ${flags.from}`);
        const { openArchiveAt } = await import('../archive/db.js');
        const { copyArchive, CopyTargetNotEmptyError } = await import('../archive/copy.js');
        const from = await openArchiveAt(flags.from);
        try {
          const to = await openArchiveAt(flags.to);
          try {
            const result = await copyArchive(from, to).catch((err: unknown) => {
              throw err instanceof CopyTargetNotEmptyError ? new InputError(err.message) : err;
            });
            if (flags.format === 'json') {
              process.stdout.write(`${JSON.stringify({ from: from.file, to: to.file, ...result }, null, 2)}\n`);
            } else {
              process.stdout.write(`copied ${from.file} -> ${to.file}\n`);
              for (const [t, n] of Object.entries(result.tables)) process.stdout.write(`  ${t.padEnd(20)} ${n} rows\n`);
              process.stdout.write(`  ${'raw bodies'.padEnd(20)} ${result.rawBodies}\n`);
              for (const p of result.rawProblems) process.stdout.write(`  not copied: ${p.problem}\n`);
            }
            // Rows are all there; a body the source had lost is named and makes it a failure.
            return result.rawProblems.length ? 1 : 0;
          } finally {
            await to.close();
          }
        } finally {
          await from.close();
        }
      }),
    );
}
