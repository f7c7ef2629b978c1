/** `wenzheng reextract [source...]` and `wenzheng verify`: offline rebuild and raw-store check. */
import type { Command } from 'commander';
import { isPostgresUrl, openArchiveAt } from '../archive/db.js';
import { verifyArchive } from '../archive/verify.js';
import { acquireLock } from '../crawl/lock.js';
import { createLogger } from '../crawl/log.js';
import { ADAPTERS } from '../sources/index.js';
import { action, InputError } from './exit.js';
import { selectSources } from './options.js';
import { createProgress } from './progress.js';
import { existsSync } from 'node:fs';

export function registerReextract(program: Command): void {
  program
    .command('reextract')
    .description('rebuild messages, replies and reports from the stored raw captures, offline')
    .argument('[source...]', 'adapter ids (all when none is named)')
    .option('--all', 'replay every capture, not only those made by another extractor version')
    .option('--format <format>', 'report as text or json', 'text')
    .action(
      action(async (ids: string[], flags: { all?: boolean; format: string }, cmd: Command) => {
        const dbPath = cmd.optsWithGlobals().db as string;
        const sources = ids.length ? selectSources(ids) : [...ADAPTERS];
        if (!isPostgresUrl(dbPath) && !existsSync(dbPath)) throw new InputError(`no archive at ${dbPath}`);
        const archive = await openArchiveAt(dbPath);
        const release = archive.lockFile ? acquireLock(archive.lockFile) : () => undefined;
        try {
          const progress = createProgress('reextract');
          const { reextract } = await import('../crawl/reextract.js');
          const result = await reextract(archive, {
            sources,
            all: !!flags.all,
            logger: createLogger('reextract'),
            onProgress: (done, total, failed) => progress.update(done, total - done, failed),
          });
          progress.end();
          if (flags.format === 'json') {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          } else {
            for (const [id, t] of Object.entries(result)) {
              process.stdout.write(
                `${id}: ${t.captures} captures read, ${t.skipped} skipped; messages ${t.messages.new} new, ${t.messages.changed} changed, ${t.messages.unchanged} unchanged; replies ${t.replies.new} new, ${t.replies.changed} changed; reports ${t.reports.new} new, ${t.reports.changed} changed; ${t.failures.length} failures\n`,
              );
              for (const f of t.failures.slice(0, 20)) process.stdout.write(`  ${f.url} (${f.sha256.slice(0, 12)}): ${f.error}\n`);
            }
          }
          const failed = Object.values(result).some((t) => t.failures.length > 0);
          return failed ? 3 : 0;
        } finally {
          release();
          await archive.close();
        }
      }),
    );

  program
    .command('verify')
    .description('check every stored raw body against its sha256 and every capture row against the raw store')
    .option('--format <format>', 'text or json', 'text')
    .action(
      action(async (flags: { format: string }, cmd: Command) => {
        const dbPath = cmd.optsWithGlobals().db as string;
        if (!isPostgresUrl(dbPath) && !existsSync(dbPath)) throw new InputError(`no archive at ${dbPath}`);
        const archive = await openArchiveAt(dbPath);
        try {
          const res = await verifyArchive(archive);
          if (flags.format === 'json') {
            process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
          } else {
            process.stdout.write(`${res.captures} captures, ${res.bodies} distinct bodies, ${res.problems.length} problems\n`);
            for (const p of res.problems) process.stdout.write(`${p.problem} ${p.sha256} ${p.urls.join(' ')}\n`);
          }
          return res.problems.length ? 1 : 0;
        } finally {
          await archive.close();
        }
      }),
    );
}
