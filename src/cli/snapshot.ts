/** `wenzheng snapshot`: writes the dated open-data snapshot (CONTRACT.md section 6). */
import path from 'node:path';
import type { Command } from 'commander';
import { openReadView } from '../archive/read-view.js';
import { chinaDateOf } from '../extract/time.js';
import { isCalendarDate, SnapshotInputError, writeSnapshot } from '../publish/snapshot.js';
import { action, InputError } from './exit.js';
import { createProgress } from './progress.js';
import { withArchiveAsOf } from './snapshot-as-of.js';

interface SnapshotFlags {
  out?: string;
  date?: string;
  excelSafe?: boolean;
}

export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('write the dated open-data snapshot to DIR/<date>/ and point DIR/latest at the newest')
    .option('--out <dir>', 'folder of dated snapshots (default: snapshots/ beside the archive)')
    .option('--date <YYYY-MM-DD>', 'the archive as of the end of this day (Asia/Shanghai; default today): a past day gives the rows, statuses, figures and overdue of then')
    .option('--excel-safe', "also write Excel-safe copies of the CSV files to excel-safe/ (cells starting with =, +, -, @, tab or CR get a leading '); the published files stay exact")
    .action(
      action(async (flags: SnapshotFlags, cmd: Command) => {
        const date = flags.date ?? chinaDateOf(new Date().toISOString());
        if (!isCalendarDate(date)) throw new InputError(`--date ${date}: not a real calendar date (YYYY-MM-DD)`);
        // A PostgreSQL archive is read through a SQLite copy; a past --date needs its raw bodies too.
        const archive = await openReadView(cmd.optsWithGlobals().db as string, { raw: flags.date !== undefined });
        try {
          const outDir = flags.out ?? path.join(archive.dir, 'snapshots');
          const result = await withArchiveAsOf(archive, date, outDir, (asOf) => {
            const progress = createProgress('snapshot');
            return writeSnapshot(asOf, {
              outDir,
              date,
              excelSafe: !!flags.excelSafe,
              onProgress: (done, total) => progress.update(done, total - done, 0),
            })
              .catch((err: unknown) => {
                throw err instanceof SnapshotInputError ? new InputError(err.message) : err;
              })
              .finally(() => progress.end());
          });
          const note = result.unchanged ? ' (already there, identical)' : '';
          process.stdout.write(`snapshot ${result.dir}${note}\n`);
          process.stdout.write(`  previous ${result.previous ?? '(none)'}\n`);
          for (const f of result.files) process.stdout.write(`  ${f.path.padEnd(22)} ${f.bytes} bytes\n`);
        } finally {
          await archive.close();
        }
      }),
    );
}
